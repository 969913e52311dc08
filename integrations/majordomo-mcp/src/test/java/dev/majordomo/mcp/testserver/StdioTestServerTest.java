package dev.majordomo.mcp.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stdio test server, driven by the SDK's own client, so that it is known good. */
class StdioTestServerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final BlockingQueue<List<Tool>> toolLists = new LinkedBlockingQueue<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private McpSyncClient client;
  private ProcessHandle server;

  @BeforeEach
  void start() {
    List<String> command = StdioTestServer.command();
    List<ProcessHandle> before = ProcessHandle.current().children().toList();
    client =
        McpClient.sync(
                new StdioClientTransport(
                    ServerParameters.builder(command.get(0))
                        .args(command.subList(1, command.size()))
                        .build(),
                    McpJsonDefaults.getMapper()))
            .requestTimeout(PATIENCE)
            .initializationTimeout(PATIENCE)
            .toolsChangeConsumer(toolLists::add)
            .build();
    client.initialize();
    server =
        ProcessHandle.current()
            .children()
            .filter(child -> !before.contains(child))
            .findFirst()
            .orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    background.shutdownNow();
    client.close();
    server.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void listsTheCatalogue() {
    assertThat(client.listTools().tools())
        .extracting(Tool::name)
        .containsExactly(
            ToolCatalogue.ECHO,
            ToolCatalogue.ADD,
            ToolCatalogue.CHART,
            ToolCatalogue.FAIL,
            ToolCatalogue.SLOW,
            ToolCatalogue.HUGE,
            ToolCatalogue.DIE,
            ToolCatalogue.ADD_TOOL,
            ToolCatalogue.REMOVE_TOOL,
            ToolCatalogue.RELEASE_SLOW);
  }

  @Test
  void echoesAddsAndFails() {
    assertThat(text(call(ToolCatalogue.ECHO, Map.of("text", "hello")))).isEqualTo("hello");

    CallToolResult sum = call(ToolCatalogue.ADD, Map.of("a", 2, "b", 40));
    assertThat(sum.structuredContent()).isEqualTo(Map.of("sum", 42));
    assertThat(text(sum)).isEqualTo("{\"sum\":42}");

    CallToolResult failure = call(ToolCatalogue.FAIL, Map.of());
    assertThat(failure.isError()).isTrue();
    assertThat(text(failure)).isEqualTo(ToolCatalogue.FAILED_ON_PURPOSE);
  }

  @Test
  void answersAnImageAndHugeText() {
    ImageContent image = (ImageContent) call(ToolCatalogue.CHART, Map.of()).content().get(0);
    assertThat(image.mimeType()).isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(image.data())).isEqualTo(ToolCatalogue.chartPng());

    assertThat(text(call(ToolCatalogue.HUGE, Map.of("chars", 25))))
        .isEqualTo("0123456789012345678901234");
    assertThat(text(call(ToolCatalogue.HUGE, Map.of("chars", 200_000)))).hasSize(200_000);
  }

  @Test
  void slowAnswersOnceReleasedAndServesOtherCallsMeanwhile() throws Exception {
    Future<CallToolResult> slow = background.submit(() -> call(ToolCatalogue.SLOW, Map.of()));

    assertThat(text(call(ToolCatalogue.ECHO, Map.of("text", "meanwhile")))).isEqualTo("meanwhile");
    assertThat(slow).isNotDone();

    call(ToolCatalogue.RELEASE_SLOW, Map.of());
    assertThat(text(slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)))
        .isEqualTo(ToolCatalogue.SLOW_RELEASED);
  }

  @Test
  void announcesToolsAddedAndRemovedAtRunTime() throws Exception {
    call(ToolCatalogue.ADD_TOOL, Map.of("name", "late"));

    assertThat(toolLists.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .extracting(Tool::name)
        .contains("late");
    assertThat(text(call("late", Map.of()))).isEqualTo("late was called");

    call(ToolCatalogue.REMOVE_TOOL, Map.of("name", "late"));
    assertThat(toolLists.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .extracting(Tool::name)
        .doesNotContain("late")
        .contains(ToolCatalogue.ECHO);
  }

  @Test
  void dieEndsTheProcessWithoutAnswering() throws Exception {
    assertThatThrownBy(() -> call(ToolCatalogue.DIE, Map.of()))
        .isInstanceOf(RuntimeException.class);

    server.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(server.isAlive()).isFalse();
  }

  @Test
  void exitsWhenTheClientGoesAway() throws Exception {
    client.close();

    server.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(server.isAlive()).isFalse();
  }

  private CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private static String text(CallToolResult result) {
    return ((TextContent) result.content().get(0)).text();
  }
}
