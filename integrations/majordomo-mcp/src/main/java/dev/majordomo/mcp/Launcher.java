package dev.majordomo.mcp;

import io.modelcontextprotocol.spec.McpClientTransport;
import java.io.IOException;

/** How a source reaches its server: starts a process, or points at an HTTP endpoint. */
interface Launcher {

  /**
   * Opens a transport to a new session with the server.
   *
   * @param source the source's name, for thread names and messages
   * @throws IOException if the server cannot be started
   */
  McpClientTransport open(String source) throws IOException;

  /** {@return the server in words for messages and {@code toString}, never with a secret} */
  String describe();
}
