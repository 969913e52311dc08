package dev.majordomo.examples;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * A small MCP server of the kind a team publishes for other people's assistants: unit conversions,
 * over stdio, written with the official MCP Java SDK and nothing of Majordomo. Example 7 starts it
 * as a subprocess; any MCP client could.
 */
public final class UnitsMcpServer {
  private static final Map<String, BigDecimal> METRES_PER_UNIT =
      Map.of(
          "m", BigDecimal.ONE,
          "km", new BigDecimal("1000"),
          "mi", new BigDecimal("1609.344"),
          "ft", new BigDecimal("0.3048"));

  private UnitsMcpServer() {}

  public static void main(String[] args) {
    // Standard output carries the protocol: anything else printed there would corrupt it.
    PrintStream protocol = System.out;
    System.setOut(System.err);
    McpJsonMapper json = McpJsonDefaults.getMapper();
    McpServer.sync(new StdioServerTransportProvider(json, System.in, protocol))
        .serverInfo("units", "1.0.0")
        .capabilities(ServerCapabilities.builder().tools(true).build())
        .tools(convertLength(json))
        .build();
  }

  private static SyncToolSpecification convertLength(McpJsonMapper json) {
    String units = "{\"type\":\"string\",\"enum\":[\"m\",\"km\",\"mi\",\"ft\"],";
    Tool tool =
        Tool.builder(
                "convert_length",
                json,
                "{\"type\":\"object\",\"properties\":{"
                    + "\"value\":{\"type\":\"number\",\"description\":\"the length, e.g. 10\"},"
                    + "\"from\":"
                    + units
                    + "\"description\":\"its unit, e.g. km\"},"
                    + "\"to\":"
                    + units
                    + "\"description\":\"the unit wanted, e.g. mi\"}},"
                    + "\"required\":[\"value\",\"from\",\"to\"]}")
            .description("Converts a length between metres, kilometres, miles and feet.")
            .build();
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              Map<String, Object> arguments = request.arguments();
              BigDecimal value = new BigDecimal(String.valueOf(arguments.get("value")));
              String from = String.valueOf(arguments.get("from"));
              String to = String.valueOf(arguments.get("to"));
              if (!METRES_PER_UNIT.containsKey(from) || !METRES_PER_UNIT.containsKey(to)) {
                // An error result: the model reads it and can try again.
                return CallToolResult.builder()
                    .addTextContent("unknown unit; use m, km, mi or ft")
                    .isError(true)
                    .build();
              }
              BigDecimal converted =
                  value
                      .multiply(METRES_PER_UNIT.get(from))
                      .divide(METRES_PER_UNIT.get(to), 3, RoundingMode.HALF_EVEN)
                      .stripTrailingZeros();
              return CallToolResult.builder()
                  .addTextContent(
                      String.format(
                          Locale.ROOT,
                          "%s %s = %s %s",
                          value.toPlainString(),
                          from,
                          converted.toPlainString(),
                          to))
                  .build();
            })
        .build();
  }
}
