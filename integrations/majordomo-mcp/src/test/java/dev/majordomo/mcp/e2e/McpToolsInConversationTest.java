package dev.majordomo.mcp.e2e;

import static dev.majordomo.mcp.e2e.LoopbackModels.anthropicText;
import static dev.majordomo.mcp.e2e.LoopbackModels.anthropicToolUse;
import static dev.majordomo.mcp.e2e.LoopbackModels.block;
import static dev.majordomo.mcp.e2e.LoopbackModels.openAiText;
import static dev.majordomo.mcp.e2e.LoopbackModels.openAiToolCalls;
import static dev.majordomo.mcp.e2e.LoopbackModels.openAiToolMessages;
import static dev.majordomo.mcp.e2e.LoopbackModels.toolNames;
import static dev.majordomo.mcp.e2e.LoopbackModels.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.Assistants;
import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.ToolInvocation;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.mcp.McpToolSource;
import dev.majordomo.mcp.e2e.LoopbackModels.Call;
import dev.majordomo.mcp.testserver.HttpTestServer;
import dev.majordomo.mcp.testserver.ToolCatalogue;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated assistants calling the tools of a real MCP server (the SDK's own server side, on
 * loopback Streamable HTTP) beside their {@code @Tool} methods, with OpenAI and Anthropic scripted
 * on loopback: what each model receives, on its own wire.
 */
class McpToolsInConversationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Llm(
      chain = "openai/gpt-4o-mini,anthropic/claude-sonnet-4-5",
      toolSources = "issues",
      tools = Clock.class)
  interface Desk {
    @Prompt("{{question}}")
    Reply<String> ask(String question);
  }

  @Llm(chain = "anthropic/claude-sonnet-4-5", toolSources = "issues")
  interface Painter {
    @Prompt("{{question}}")
    Reply<String> ask(String question);
  }

  /** A {@code @Tool} method beside the server's tools. */
  public static final class Clock {
    @Tool("The local time in a city, as HH:mm")
    public String localTime(String city) {
      return "12:30";
    }
  }

  private final LoopbackModels models = new LoopbackModels();
  private HttpTestServer server;
  private McpToolSource issues;
  private Registry registry;

  @BeforeEach
  void start() throws Exception {
    server = HttpTestServer.start();
  }

  private Registry registry(McpToolSource source, Limits limits) {
    issues = source;
    registry = models.registry().limits(limits).toolSource(source).build();
    return registry;
  }

  private Registry registry() {
    return registry(McpToolSource.http("issues", server.uri()).build(), Limits.DEFAULTS);
  }

  @AfterEach
  void stop() {
    if (registry != null) {
      registry.close();
    }
    if (issues != null) {
      issues.close();
    }
    server.close();
    models.close();
  }

  @Test
  void anMcpToolAndAToolMethodInTheSameRound() {
    Desk desk = Assistants.create(Desk.class, registry());
    models.openai.enqueue(
        openAiToolCalls(
            new Call("call_1", "issues_echo", "{\"text\":\"ticket 42 is open\"}"),
            new Call("call_2", "localTime", "{\"city\":\"Lyon\"}")));
    models.openai.enqueue(openAiText("Ticket 42 is open; it is 12:30 in Lyon."));

    Reply<String> reply = desk.ask("What about ticket 42, and what time is it in Lyon?");

    assertThat(reply.value()).isEqualTo("Ticket 42 is open; it is 12:30 in Lyon.");
    assertThat(reply.toolCalls())
        .extracting(call -> call.call().name(), call -> call.result().content())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("issues_echo", "ticket 42 is open"),
            org.assertj.core.groups.Tuple.tuple("localTime", "12:30"));
    JsonNode first = models.takeOpenAi();
    assertThat(toolNames(first)).contains("localTime", "issues_echo", "issues_add", "issues_chart");
    JsonNode echo = toolSchema(first, "issues_echo");
    assertThat(echo.at("/function/parameters/properties/text/type").asText()).isEqualTo("string");
    JsonNode second = models.takeOpenAi();
    assertThat(openAiToolMessages(second))
        .extracting(m -> m.path("tool_call_id").asText(), m -> m.path("content").asText())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("call_1", "ticket 42 is open"),
            org.assertj.core.groups.Tuple.tuple("call_2", "12:30"));
    assertThat(server.callCount(ToolCatalogue.ECHO)).isEqualTo(1);
  }

  @Test
  void failoverInTheMiddleOfTheToolLoopCarriesTheMcpResultToAnthropic() {
    Desk desk = Assistants.create(Desk.class, registry());
    models.openai.enqueue(
        openAiToolCalls(new Call("call_abc", "issues_add", "{\"a\":2,\"b\":40}")));
    models.openai.enqueue(unavailable());
    models.openai.enqueue(unavailable());
    models.anthropic.enqueue(anthropicText("The sum is 42."));

    Reply<String> reply = desk.ask("Add 2 and 40.");

    assertThat(reply.value()).isEqualTo("The sum is 42.");
    assertThat(reply.answeredBy().scheme()).isEqualTo("anthropic");
    models.takeOpenAi();
    JsonNode sent = models.takeAnthropic();
    assertThat(toolNames(sent)).contains("issues_add", "localTime");
    JsonNode messages = sent.get("messages");
    JsonNode toolUse = block(messages.get(1).get("content"), "tool_use");
    assertThat(toolUse.get("id").asText()).isEqualTo("call_abc");
    assertThat(toolUse.get("name").asText()).isEqualTo("issues_add");
    assertThat(toolUse.at("/input/b").asInt()).isEqualTo(40);
    JsonNode toolResult = block(messages.get(2).get("content"), "tool_result");
    assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("call_abc");
    assertThat(toolResult.toString()).contains("{\\\"sum\\\":42}");
    assertThat(toolResult.path("is_error").asBoolean(false)).isFalse();
  }

  @Test
  void aToolAddedOnTheServerIsOfferedAtTheNextCall() {
    Desk desk = Assistants.create(Desk.class, registry());
    models.openai.enqueue(openAiText("Nothing to do."));
    desk.ask("Anything?");
    assertThat(toolNames(models.takeOpenAi())).doesNotContain("issues_late");

    server.addTool("late");
    awaitTool(issues, "issues_late");
    models.openai.enqueue(openAiToolCalls(new Call("call_late", "issues_late", "{}")));
    models.openai.enqueue(openAiText("Done."));
    Reply<String> reply = desk.ask("Now?");

    assertThat(toolNames(models.takeOpenAi())).contains("issues_late");
    assertThat(reply.toolCalls())
        .singleElement()
        .satisfies(call -> assertThat(call.result().content()).isEqualTo("late was called"));
    assertThat(server.callCount("late")).isEqualTo(1);
  }

  @Test
  void aToolErrorReachesTheModelAsAnErrorResult() {
    Desk desk = Assistants.create(Desk.class, registry());
    models.openai.enqueue(
        openAiToolCalls(
            new Call("call_f", "issues_fail", "{\"reason\":\"the tracker is read-only\"}")));
    models.openai.enqueue(openAiText("The tracker is read-only."));

    Reply<String> reply = desk.ask("Close ticket 42.");

    assertThat(reply.value()).isEqualTo("The tracker is read-only.");
    ToolInvocation call = reply.toolCalls().get(0);
    assertThat(call.result().isError()).isTrue();
    assertThat(call.result().content()).contains("the tracker is read-only");
    models.takeOpenAi();
    assertThat(openAiToolMessages(models.takeOpenAi()).get(0).path("content").asText())
        .contains("the tracker is read-only");
  }

  @Test
  void aSlowToolPastItsTimeoutIsAnErrorResultAndTheCallGoesOn() {
    Desk desk =
        Assistants.create(
            Desk.class,
            registry(
                McpToolSource.http("issues", server.uri())
                    .callTimeout(Duration.ofSeconds(1))
                    .build(),
                Limits.DEFAULTS));
    models.openai.enqueue(openAiToolCalls(new Call("call_s", "issues_slow", "{}")));
    models.openai.enqueue(openAiText("The tracker is slow today."));

    Reply<String> reply = desk.ask("Anything slow?");

    assertThat(reply.value()).isEqualTo("The tracker is slow today.");
    assertThat(reply.toolCalls().get(0).result().isError()).isTrue();
    assertThat(reply.toolCalls().get(0).result().content()).containsIgnoringCase("time");
    assertThat(server.callCount(ToolCatalogue.SLOW)).isEqualTo(1);
  }

  @Test
  void aHugeResultIsTruncatedWithANote() {
    Desk desk =
        Assistants.create(
            Desk.class,
            registry(
                McpToolSource.http("issues", server.uri()).build(),
                Limits.DEFAULTS.withMaxToolOutputChars(1_000)));
    models.openai.enqueue(openAiToolCalls(new Call("call_h", "issues_huge", "{\"chars\":50000}")));
    models.openai.enqueue(openAiText("That is a long log."));

    desk.ask("Show me the log.");

    models.takeOpenAi();
    String sent = openAiToolMessages(models.takeOpenAi()).get(0).path("content").asText();
    assertThat(sent).startsWith("0123456789").contains("truncated").contains("50000");
    assertThat(sent.length()).isLessThan(1_200);
  }

  @Test
  void anImageResultReachesAnthropicAsAnImageBlock() {
    Painter painter = Assistants.create(Painter.class, registry());
    models.anthropic.enqueue(anthropicToolUse("toolu_1", "issues_chart", Map.of()));
    models.anthropic.enqueue(anthropicText("A chart of one pixel."));

    Reply<String> reply = painter.ask("Chart the open tickets.");

    assertThat(reply.value()).isEqualTo("A chart of one pixel.");
    models.takeAnthropic();
    JsonNode toolResult =
        block(models.takeAnthropic().get("messages").get(2).get("content"), "tool_result");
    JsonNode image = block(toolResult.get("content"), "image");
    assertThat(image.at("/source/type").asText()).isEqualTo("base64");
    assertThat(image.at("/source/media_type").asText()).isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(image.at("/source/data").asText()))
        .isEqualTo(ToolCatalogue.chartPng());
  }

  private static JsonNode toolSchema(JsonNode request, String name) {
    for (JsonNode tool : request.path("tools")) {
      if (name.equals(tool.path("function").path("name").asText())) {
        return tool;
      }
    }
    throw new AssertionError("no tool " + name + " in " + request.path("tools"));
  }

  /**
   * Waits until the source lists the tool: the server's {@code list_changed} arrives on its own
   * stream, in its own time. Bounded by a deadline; each look is a cached list, or a fresh one once
   * the notification marked the cache stale.
   */
  private static void awaitTool(McpToolSource source, String name) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (source.tools().stream().noneMatch(tool -> tool.definition().name().equals(name))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " never appeared in " + source);
      }
      Thread.onSpinWait();
    }
  }
}
