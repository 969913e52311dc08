package dev.majordomo.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anthropic's thinking blocks across failover in one tool loop. The chain is OpenAI, then
 * Anthropic, and OpenAI is down: each round is first sent to OpenAI (which receives the history
 * without the thinking), then fails over to Anthropic (which receives its thinking again, signature
 * intact). A tool turn that came from OpenAI has no thinking to give back: Anthropic then gets the
 * request without thinking, which its API requires.
 */
class ThinkingFailoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNATURE = "EqQBCgIYAhIMzYn9ZQ8x5Kq4aXVBGgx3aGF0IGEgc2lnbmF0dXJl";

  private final Server openai = new Server();
  private final Server anthropic = new Server();
  private ThinkingDesk desk;

  /** A server that answers from a queue, 503 while down or out of replies; records every body. */
  private static final class Server extends Dispatcher {
    final MockWebServer http = new MockWebServer();
    final Deque<String> replies = new ConcurrentLinkedDeque<>();
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    volatile boolean down;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      bodies.add(json(request.getBody().utf8()));
      String reply = down ? null : replies.poll();
      return reply == null
          ? new MockResponse.Builder().code(503).body("{\"error\":\"overloaded\"}").build()
          : new MockResponse.Builder()
              .setHeader("content-type", "application/json")
              .body(reply)
              .build();
    }

    String dsn(String scheme, String token, String model) {
      return scheme
          + "://"
          + token
          + "@"
          + http.getHostName()
          + ":"
          + http.getPort()
          + "/"
          + model
          + "?tls=false";
    }

    JsonNode last() {
      return bodies.get(bodies.size() - 1);
    }
  }

  @BeforeEach
  void start() throws IOException {
    for (Server s : List.of(openai, anthropic)) {
      s.http.setDispatcher(s);
      s.http.start();
    }
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(new OpenAiProvider())
            .provider(new AnthropicProvider())
            .env(Map.of())
            .time(new FakeTimeSource())
            .model("openai-target", openai.dsn("openai", "sk-test", "gpt-4o"))
            .model(
                "anthropic-target", anthropic.dsn("anthropic", "sk-ant-test", "claude-sonnet-4-5"))
            .alias("thinking", "openai-target,anthropic-target")
            .build();
    desk = Assistants.create(ThinkingDesk.class, registry);
  }

  @AfterEach
  void stop() {
    Majordomo_ThinkingDesk.onLookup = () -> {};
    for (Server s : List.of(openai, anthropic)) {
      s.http.close();
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static final String ANTHROPIC_THINKING_TOOL_CALL =
      "{\"id\":\"msg_0\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"I should look the order up.\","
          + "\"signature\":\""
          + SIGNATURE
          + "\"},{\"type\":\"redacted_thinking\",\"data\":\"cmVkYWN0ZWQ=\"},"
          + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup_order\","
          + "\"input\":{\"order\":\"A-1\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":50,\"output_tokens\":30}}";

  private static final String OPENAI_TOOL_CALL =
      "{\"id\":\"chatcmpl-0\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"call_A2\",\"type\":\"function\",\"function\":{\"name\":"
          + "\"lookup_order\",\"arguments\":\"{\\\"order\\\":\\\"A-2\\\"}\"}}]},"
          + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":60,"
          + "\"completion_tokens\":12,\"total_tokens\":72}}";

  private static final String ANTHROPIC_TEXT =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Both have shipped.\"}],"
          + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
          + "\"usage\":{\"input_tokens\":110,\"output_tokens\":9}}";

  @Test
  void thinkingIsDroppedForOpenAiAndReplayedUnchangedToAnthropic() {
    anthropic.replies.add(ANTHROPIC_THINKING_TOOL_CALL);
    anthropic.replies.add(ANTHROPIC_TEXT);
    openai.down = true;

    assertThat(desk.answer("Where is order A-1?")).isEqualTo("Both have shipped.");

    JsonNode first = anthropic.bodies.get(anthropic.bodies.size() - 2);
    assertThat(first.at("/thinking/budget_tokens").asInt()).isEqualTo(2048);

    JsonNode toOpenAi = openai.last().path("messages");
    assertThat(toOpenAi.toString()).doesNotContain("thinking").doesNotContain(SIGNATURE);
    assertThat(toOpenAi.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("toolu_1");

    assertThat(anthropic.last().at("/thinking/budget_tokens").asInt()).isEqualTo(2048);
    JsonNode back = anthropic.last().path("messages");
    assertThat(back.get(1).path("content").toString())
        .isEqualTo(
            "[{\"type\":\"thinking\",\"thinking\":\"I should look the order up.\","
                + "\"signature\":\""
                + SIGNATURE
                + "\"},{\"type\":\"redacted_thinking\",\"data\":\"cmVkYWN0ZWQ=\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup_order\","
                + "\"input\":{\"order\":\"A-1\"}}]");
  }

  @Test
  void aToolTurnFromOpenAiSendsTheNextAnthropicRequestWithoutThinking() {
    openai.replies.add(OPENAI_TOOL_CALL);
    anthropic.replies.add(ANTHROPIC_TEXT);
    // Round 1 on OpenAI, which is down from then on: round 2 fails over to Anthropic.
    Majordomo_ThinkingDesk.onLookup = () -> openai.down = true;

    assertThat(desk.answer("Where is order A-2?")).isEqualTo("Both have shipped.");

    JsonNode last = anthropic.last();
    assertThat(last.has("thinking")).isFalse();
    assertThat(last.path("messages").get(1).path("content").get(0).path("type").asText())
        .isEqualTo("tool_use");
  }
}
