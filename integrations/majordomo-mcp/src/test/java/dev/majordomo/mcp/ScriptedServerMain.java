package dev.majordomo.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A stdio MCP server written by hand rather than with the SDK, to send what the SDK's server never
 * would: its only argument is the JSON array it answers {@code tools/list} with, as it is. It
 * answers {@code initialize} with the client's protocol revision, and {@code tools/call} with a
 * text naming the tool called, except a call of {@value #HANG}, which it never answers. It exits
 * with code {@value #CANCELLED} when told {@code notifications/cancelled}, so that a test sees that
 * the cancellation arrived.
 */
public final class ScriptedServerMain {
  static final String HANG = "hang";
  static final int CANCELLED = 7;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedServerMain() {}

  /** {@return the command line serving {@code toolsJson} as the tool list} */
  static List<String> command(String toolsJson) {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-cp",
        System.getProperty("java.class.path"),
        ScriptedServerMain.class.getName(),
        toolsJson);
  }

  /**
   * Answers requests on standard input until it ends.
   *
   * @param args the tool list as JSON
   * @throws IOException if standard input cannot be read
   */
  public static void main(String[] args) throws IOException {
    JsonNode tools = JSON.readTree(args[0]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode request = JSON.readTree(line);
      if ("notifications/cancelled".equals(request.path("method").asText())) {
        System.exit(CANCELLED);
      }
      if (!request.has("id") || HANG.equals(request.path("params").path("name").asText())) {
        continue;
      }
      ObjectNode result = JSON.createObjectNode();
      switch (request.path("method").asText()) {
        case "initialize" -> {
          result.set("protocolVersion", request.path("params").path("protocolVersion"));
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "scripted").put("version", "1");
        }
        case "tools/list" -> result.set("tools", tools);
        case "tools/call" ->
            result
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", "called " + request.path("params").path("name").asText());
        default -> {}
      }
      ObjectNode response = JSON.createObjectNode();
      response.put("jsonrpc", "2.0");
      response.set("id", request.get("id"));
      response.set("result", result);
      out.println(JSON.writeValueAsString(response));
    }
  }
}
