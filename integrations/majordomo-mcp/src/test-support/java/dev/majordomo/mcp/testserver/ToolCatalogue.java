package dev.majordomo.mcp.testserver;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The tools of the tests' MCP servers, the same over stdio and over HTTP, one per behaviour a
 * client must handle:
 *
 * <ul>
 *   <li>{@value #ECHO} {@code {text}}: the text back;
 *   <li>{@value #ADD} {@code {a, b}} (integers): structured content {@code {"sum": a + b}} and the
 *       same JSON as text;
 *   <li>{@value #CHART}: an image, {@link #chartPng()} as {@code image/png};
 *   <li>{@value #FAIL} {@code {reason?}}: a result marked {@code isError};
 *   <li>{@value #SLOW}: waits until released ({@value #RELEASE_SLOW}, or the server's control
 *       method) or its thread is interrupted, then answers {@value #SLOW_RELEASED}. The SDK's
 *       server (2.2.0) ignores {@code notifications/cancelled}, so a call the client gave up on
 *       waits for the next release or for the server to stop;
 *   <li>{@value #HUGE} {@code {chars}}: that many characters of {@code 0123456789} repeated;
 *   <li>{@value #DIE} (stdio only): the server process exits in the middle of the call;
 *   <li>{@value #ADD_TOOL} / {@value #REMOVE_TOOL} {@code {name}}: add or remove a tool at run time
 *       (the server sends {@code notifications/tools/list_changed}); the added tool answers
 *       {@code "<name> was called"}.
 * </ul>
 *
 * <p>Every call is counted by tool name ({@link #callCount(String)}).
 */
public final class ToolCatalogue {
  /** Answers its {@code text} argument. */
  public static final String ECHO = "echo";

  /** Adds {@code a} and {@code b}; structured content and text. */
  public static final String ADD = "add";

  /** Answers an image. */
  public static final String CHART = "chart";

  /** Answers an error result. */
  public static final String FAIL = "fail";

  /** Blocks until released or cancelled. */
  public static final String SLOW = "slow";

  /** Answers {@code chars} characters. */
  public static final String HUGE = "huge";

  /** Ends the server process mid-call (stdio only). */
  public static final String DIE = "die";

  /** Adds a tool named {@code name}. */
  public static final String ADD_TOOL = "add_tool";

  /** Removes the tool named {@code name}. */
  public static final String REMOVE_TOOL = "remove_tool";

  /** Releases every waiting {@value #SLOW} call. */
  public static final String RELEASE_SLOW = "release_slow";

  /** The text of a released {@value #SLOW} call. */
  public static final String SLOW_RELEASED = "slow call released";

  /** The text of a {@value #FAIL} call without a reason. */
  public static final String FAILED_ON_PURPOSE = "the tool failed on purpose";

  // A 1x1 PNG, small enough to read in a wire capture.
  private static final String CHART_PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  private static final String DIGITS = "0123456789";

  private final McpJsonMapper json = McpJsonDefaults.getMapper();
  private final Runnable die;
  private final SlowGate slowGate = new SlowGate();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicReference<McpSyncServer> server = new AtomicReference<>();

  private ToolCatalogue(Runnable die) {
    this.die = die;
  }

  /**
   * {@return the catalogue without {@value #DIE}}
   */
  public static ToolCatalogue withoutDie() {
    return new ToolCatalogue(null);
  }

  /**
   * The catalogue with {@value #DIE}.
   *
   * @param die what {@value #DIE} does: end the process without answering
   * @return the catalogue
   */
  public static ToolCatalogue dyingWith(Runnable die) {
    return new ToolCatalogue(Objects.requireNonNull(die, "die"));
  }

  /**
   * {@return the bytes of the PNG that {@value #CHART} answers}
   */
  public static byte[] chartPng() {
    return Base64.getDecoder().decode(CHART_PNG_BASE64);
  }

  /**
   * Builds the server with these tools (and tool list changes announced) on a transport.
   *
   * @param specification the SDK's server builder for the transport
   * @return the started server
   */
  public McpSyncServer serve(McpServer.SyncSpecification<?> specification) {
    McpSyncServer built =
        specification
            .serverInfo("majordomo-test-server", "1.0.0")
            .capabilities(ServerCapabilities.builder().tools(true).build())
            .tools(specifications())
            .build();
    server.set(built);
    return built;
  }

  /**
   * Adds a tool named {@code name} that answers {@code "<name> was called"}; the server announces
   * the change.
   */
  public void addTool(String name) {
    running().addTool(tool(name, "A tool added at run time.", "{\"type\":\"object\"}", (x, r) -> text(name + " was called")));
  }

  /** Removes the tool named {@code name}; the server announces the change. */
  public void removeTool(String name) {
    running().removeTool(name);
  }

  /** Lets every {@value #SLOW} call waiting now answer. */
  public void releaseSlowCalls() {
    slowGate.release();
  }

  /**
   * Waits until {@code count} {@value #SLOW} calls are waiting.
   *
   * @return whether they were within the timeout
   */
  public boolean awaitSlowCalls(int count, Duration timeout) throws InterruptedException {
    return slowGate.awaitWaiting(count, timeout);
  }

  /** {@return how many times the tool was called} */
  public int callCount(String tool) {
    AtomicInteger count = calls.get(tool);
    return count == null ? 0 : count.get();
  }

  /** Lets every slow call go for good and stops the server. */
  void close() {
    slowGate.close();
    McpSyncServer running = server.getAndSet(null);
    if (running != null) {
      running.close();
    }
  }

  private List<SyncToolSpecification> specifications() {
    List<SyncToolSpecification> tools = new ArrayList<>();
    tools.add(
        tool(
            ECHO,
            "Answers the text it is given.",
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
            (x, request) -> text(String.valueOf(request.arguments().get("text")))));
    tools.add(adder());
    tools.add(
        tool(
            CHART,
            "Draws a chart.",
            "{\"type\":\"object\"}",
            (x, request) ->
                CallToolResult.builder()
                    .addContent(ImageContent.builder(CHART_PNG_BASE64, "image/png").build())
                    .build()));
    tools.add(
        tool(
            FAIL,
            "Always fails.",
            "{\"type\":\"object\",\"properties\":{\"reason\":{\"type\":\"string\"}}}",
            (x, request) ->
                CallToolResult.builder()
                    .addTextContent(
                        String.valueOf(
                            request.arguments().getOrDefault("reason", FAILED_ON_PURPOSE)))
                    .isError(true)
                    .build()));
    tools.add(tool(SLOW, "Takes its time.", "{\"type\":\"object\"}", (x, request) -> slow()));
    tools.add(
        tool(
            HUGE,
            "Answers as many characters as asked.",
            "{\"type\":\"object\",\"properties\":{\"chars\":{\"type\":\"integer\"}},\"required\":[\"chars\"]}",
            (x, request) -> text(digits(((Number) request.arguments().get("chars")).intValue()))));
    if (die != null) {
      tools.add(
          tool(
              DIE,
              "Ends the server in the middle of the call.",
              "{\"type\":\"object\"}",
              (x, request) -> {
                die.run();
                return text("still alive");
              }));
    }
    String nameSchema =
        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";
    tools.add(
        tool(
            ADD_TOOL,
            "Adds a tool.",
            nameSchema,
            (x, request) -> {
              String name = String.valueOf(request.arguments().get("name"));
              addTool(name);
              return text("added " + name);
            }));
    tools.add(
        tool(
            REMOVE_TOOL,
            "Removes a tool.",
            nameSchema,
            (x, request) -> {
              String name = String.valueOf(request.arguments().get("name"));
              removeTool(name);
              return text("removed " + name);
            }));
    tools.add(
        tool(
            RELEASE_SLOW,
            "Lets the waiting slow calls answer.",
            "{\"type\":\"object\"}",
            (x, request) -> {
              releaseSlowCalls();
              return text("released");
            }));
    return tools;
  }

  private SyncToolSpecification adder() {
    Tool tool =
        Tool.builder(
                ADD,
                json,
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
                    + "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}")
            .description("Adds two integers.")
            .outputSchema(
                json,
                "{\"type\":\"object\",\"properties\":{\"sum\":{\"type\":\"integer\"}},"
                    + "\"required\":[\"sum\"]}")
            .build();
    return counted(
        tool,
        (x, request) -> {
          long sum =
              ((Number) request.arguments().get("a")).longValue()
                  + ((Number) request.arguments().get("b")).longValue();
          return CallToolResult.builder()
              .structuredContent(Map.of("sum", sum))
              .addTextContent("{\"sum\":" + sum + "}")
              .build();
        });
  }

  private CallToolResult slow() {
    try {
      slowGate.pass();
      return text(SLOW_RELEASED);
    } catch (InterruptedException cancelled) {
      Thread.currentThread().interrupt();
      return CallToolResult.builder().addTextContent("slow call cancelled").isError(true).build();
    }
  }

  private SyncToolSpecification tool(
      String name,
      String description,
      String inputSchema,
      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    Tool tool =
        Tool.builder(name, json, inputSchema).description(description).build();
    return counted(tool, handler);
  }

  private SyncToolSpecification counted(
      Tool tool, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(tool)
        .callHandler(
            (exchange, request) -> {
              calls.computeIfAbsent(tool.name(), n -> new AtomicInteger()).incrementAndGet();
              return handler.apply(exchange, request);
            })
        .build();
  }

  private McpSyncServer running() {
    McpSyncServer running = server.get();
    if (running == null) {
      throw new IllegalStateException("the catalogue serves no server");
    }
    return running;
  }

  private static CallToolResult text(String text) {
    return CallToolResult.builder().addTextContent(text).build();
  }

  private static String digits(int count) {
    StringBuilder text = new StringBuilder(count);
    while (text.length() < count) {
      text.append(DIGITS, 0, Math.min(DIGITS.length(), count - text.length()));
    }
    return text.toString();
  }
}
