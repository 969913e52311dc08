package dev.majordomo.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts a server as a subprocess; only the command (not its arguments) is ever printed. */
record StdioLauncher(List<String> command, Map<String, String> environment, Path workingDirectory)
    implements Launcher {

  StdioLauncher {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }

  @Override
  public McpClientTransport open(String source) throws IOException {
    return StdioTransport.start(
        source, command, environment, workingDirectory, McpJsonDefaults.getMapper());
  }

  @Override
  public String describe() {
    return "stdio " + command.get(0);
  }

  @Override
  public String toString() {
    return describe();
  }
}
