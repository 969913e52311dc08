package dev.majordomo.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.ToolOutput;
import java.util.Map;

/** One tool of a server. Every failure is an error result for the model, never an exception. */
final class McpTool implements ExecutableTool {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private final McpToolSource source;
  private final String serverName;
  private final ToolDefinition definition;

  McpTool(McpToolSource source, String serverName, ToolDefinition definition) {
    this.source = source;
    this.serverName = serverName;
    this.definition = definition;
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  String serverName() {
    return serverName;
  }

  @Override
  public String invoke(String argumentsJson) {
    ToolOutput output = run(argumentsJson);
    if (output.isError()) {
      throw new IllegalStateException(output.text());
    }
    return output.text();
  }

  @Override
  public ToolOutput run(String argumentsJson) {
    Map<String, Object> arguments;
    try {
      arguments =
          argumentsJson == null || argumentsJson.isBlank()
              ? Map.of()
              : JSON.readValue(argumentsJson, OBJECT);
    } catch (JsonProcessingException e) {
      return ToolOutput.error(
          "the arguments of tool '"
              + definition.name()
              + "' are not a JSON object: "
              + e.getOriginalMessage());
    }
    if (arguments == null) {
      arguments = Map.of();
    }
    Connection connection;
    try {
      connection = source.connectionForCall();
    } catch (ToolSourceException e) {
      return ToolOutput.error(e.getMessage());
    }
    return connection.call(serverName, definition.name(), arguments, source.callTimeout());
  }

  @Override
  public String toString() {
    return "McpTool[" + definition.name() + "]";
  }
}
