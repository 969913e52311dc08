package dev.majordomo.mcp.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP test server, driven by the SDK's own client, so that it is known good. */
class HttpTestServerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final BlockingQueue<List<Tool>> toolLists = new LinkedBlockingQueue<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private HttpTestServer server;
  private McpSyncClient client;

  @AfterEach
  void stop() {
    background.shutdownNow();
    if (client != null) {
      client.close();
    }
    server.close();
  }

  @Test
  void servesTheCatalogueWithoutDie() throws Exception {
    server = HttpTestServer.start();
    client = connect(null);

    assertThat(client.listTools().tools())
        .extracting(Tool::name)
        .contains(ToolCatalogue.ECHO, ToolCatalogue.ADD, ToolCatalogue.CHART, ToolCatalogue.HUGE)
        .doesNotContain(ToolCatalogue.DIE);
    assertThat(text(call(ToolCatalogue.ECHO, Map.of("text", "hello")))).isEqualTo("hello");
    assertThat(call(ToolCatalogue.ADD, Map.of("a", 1, "b", 2)).structuredContent())
        .isEqualTo(Map.of("sum", 3));
    assertThat(call(ToolCatalogue.FAIL, Map.of("reason", "no")).isError()).isTrue();
    assertThat(server.callCount(ToolCatalogue.ECHO)).isEqualTo(1);
    assertThat(server.callCount(ToolCatalogue.CHART)).isZero();
  }

  @Test
  void slowCallsWaitForTheRelease() throws Exception {
    server = HttpTestServer.start();
    client = connect(null);
    Future<CallToolResult> slow = background.submit(() -> call(ToolCatalogue.SLOW, Map.of()));

    assertThat(server.awaitSlowCalls(1, PATIENCE)).isTrue();
    assertThat(slow).isNotDone();
    server.releaseSlowCalls();

    assertThat(text(slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)))
        .isEqualTo(ToolCatalogue.SLOW_RELEASED);
  }

  @Test
  void announcesAToolAddedByTheTest() throws Exception {
    server = HttpTestServer.start();
    client = connect(null);
    client.listTools();

    server.addTool("late");

    assertThat(toolLists.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .extracting(Tool::name)
        .contains("late");
    assertThat(text(call("late", Map.of()))).isEqualTo("late was called");
  }

  @Test
  void recordsTheHeadersAndLetsTheRightTokenIn() throws Exception {
    server = HttpTestServer.requiringToken("s3cret");
    client = connect("s3cret");

    assertThat(text(call(ToolCatalogue.ECHO, Map.of("text", "in")))).isEqualTo("in");
    assertThat(server.requests())
        .isNotEmpty()
        .allSatisfy(
            request -> assertThat(request.header("authorization")).isEqualTo("Bearer s3cret"));
  }

  @Test
  void answers401WithoutTheToken() throws Exception {
    server = HttpTestServer.requiringToken("s3cret");

    assertThatThrownBy(() -> connect("wrong")).isInstanceOf(RuntimeException.class);
    assertThat(server.requests()).isNotEmpty();
    assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer wrong");
    assertThat(server.callCount(ToolCatalogue.ECHO)).isZero();
  }

  @Test
  void leavesNoThreadAfterClose() throws Exception {
    server = HttpTestServer.start();
    client = connect(null);
    call(ToolCatalogue.ECHO, Map.of("text", "x"));
    client.close();
    client = null;

    server.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith(HttpTestServer.THREAD_NAME));
  }

  private McpSyncClient connect(String token) {
    URI uri = server.uri();
    HttpRequest.Builder requests = HttpRequest.newBuilder();
    if (token != null) {
      requests.header("Authorization", "Bearer " + token);
    }
    McpSyncClient connected =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder("http://" + uri.getAuthority())
                    .endpoint(uri.getPath())
                    .requestBuilder(requests)
                    .jsonMapper(McpJsonDefaults.getMapper())
                    .build())
            .requestTimeout(PATIENCE)
            .initializationTimeout(PATIENCE)
            .toolsChangeConsumer(toolLists::add)
            .build();
    try {
      connected.initialize();
    } catch (RuntimeException e) {
      connected.close();
      throw e;
    }
    return connected;
  }

  private CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
