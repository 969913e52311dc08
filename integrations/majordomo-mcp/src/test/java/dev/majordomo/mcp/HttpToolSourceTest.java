package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ToolSourceException;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.mcp.testserver.HttpTestServer;
import dev.majordomo.mcp.testserver.RecordedRequest;
import dev.majordomo.mcp.testserver.ToolCatalogue;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpToolSourceTest {
  private static final String TOKEN = "tok-9f8e7d6c5b4a";

  private HttpTestServer server;
  private McpToolSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static ExecutableTool tool(McpToolSource source, String name) {
    return source.tools().stream()
        .filter(t -> t.definition().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void listsAndCallsToolsOverStreamableHttp() throws Exception {
    server = HttpTestServer.start();
    source = McpToolSource.http("issues", server.uri()).build();

    assertThat(source.tools()).extracting(t -> t.definition().name()).contains("issues_echo");
    assertThat(tool(source, "issues_echo").run("{\"text\":\"over http\"}"))
        .isEqualTo(ToolOutput.text("over http"));
    assertThat(tool(source, "issues_chart").run("{}").images()).hasSize(1);
  }

  @Test
  void sendsTheBearerTokenAndHeadersWithEveryRequestAndNeverPrintsThem() throws Exception {
    server = HttpTestServer.requiringToken(TOKEN);
    McpToolSource.HttpBuilder builder =
        McpToolSource.http("issues", server.uri()).bearerToken(TOKEN).header("X-Team", "core");
    source = builder.build();
    List<String> logged = captureLogs();

    ToolOutput echoed = tool(source, "issues_echo").run("{\"text\":\"hi\"}");

    assertThat(echoed.text()).isEqualTo("hi");
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(
            request -> {
              assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
              assertThat(request.header("X-Team")).isEqualTo("core");
            });
    assertThat(source.toString()).doesNotContain(TOKEN).contains("issues");
    assertThat(builder.toString()).doesNotContain(TOKEN);
    assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
  }

  @Test
  void aRefusedTokenIsAToolSourceExceptionWithoutTheToken() throws Exception {
    server = HttpTestServer.requiringToken("another-token");
    source = McpToolSource.http("issues", server.uri()).bearerToken(TOKEN).build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 'issues'")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
    assertThat(server.requests()).extracting(RecordedRequest::method).contains("POST");
  }

  @Test
  void aServerThatIsDownAtStartIsAToolSourceException() throws Exception {
    URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/mcp?key=" + TOKEN);
    source =
        McpToolSource.http("down", nobody)
            .bearerToken(TOKEN)
            .startTimeout(Duration.ofSeconds(10))
            .build();

    assertThatThrownBy(source::tools)
        .isInstanceOf(ToolSourceException.class)
        .hasMessageContaining("MCP server 'down'")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
    assertThat(source.toString()).doesNotContain(TOKEN).doesNotContain("key=");
  }

  @Test
  void aTimedOutCallIsAnErrorResultAndTheSessionStaysUsable() throws Exception {
    server = HttpTestServer.start();
    source = McpToolSource.http("issues", server.uri()).callTimeout(Duration.ofMillis(300)).build();

    ToolOutput slow = tool(source, "issues_slow").run("{}");

    assertThat(slow.isError()).isTrue();
    assertThat(slow.text())
        .isEqualTo(
            "tool 'issues_slow' (http http://127.0.0.1:"
                + server.uri().getPort()
                + "/mcp) timed out after 300 ms");
    assertThat(tool(source, "issues_echo").run("{\"text\":\"still here\"}").text())
        .isEqualTo("still here");
    server.releaseSlowCalls();
    assertThat(server.callCount(ToolCatalogue.SLOW)).isEqualTo(1);
  }

  @Test
  void aServerThatStopsIsAnErrorResultForTheCallNotAnException() throws Exception {
    server = HttpTestServer.start();
    source = McpToolSource.http("issues", server.uri()).build();
    ExecutableTool echo = tool(source, "issues_echo");
    server.close();
    server = null;

    ToolOutput output = echo.run("{\"text\":\"anyone?\"}");

    assertThat(output.isError()).isTrue();
    assertThat(output.text()).contains("issues_echo");
  }

  private static String stackText(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Everything the SDK and this module log, at every level, while the test runs. */
  private static List<String> captureLogs() {
    List<String> lines = new CopyOnWriteArrayList<>();
    SimpleFormatter formatter = new SimpleFormatter();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(formatter.format(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    for (String name : List.of("io.modelcontextprotocol", "dev.majordomo.mcp")) {
      Logger logger = Logger.getLogger(name);
      logger.setLevel(Level.ALL);
      logger.addHandler(handler);
      KEEP.add(logger);
    }
    return lines;
  }

  // Loggers are held weakly by java.util.logging: keep the configured ones.
  private static final List<Logger> KEEP = new CopyOnWriteArrayList<>();
}
