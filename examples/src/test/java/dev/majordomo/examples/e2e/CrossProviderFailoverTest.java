package dev.majordomo.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.testing.FakeTimeSource;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A generated assistant whose chain spans two real providers, each against its own loopback server:
 * OpenAI fails, Anthropic answers, and a tool conversation started on OpenAI finishes on Anthropic
 * with the history carried across wire formats.
 */
class CrossProviderFailoverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Llm(chain = "openai/gpt-4o-mini,anthropic/claude-sonnet-4-5")
  interface Concierge {
    @Prompt("Where should I eat in {{city}}?")
    Reply<String> recommend(String city);

    @Llm(tools = Clock.class)
    @Prompt("Is it lunch time in {{city}}?")
    Reply<String> lunch(String city);
  }

  /** A tool the model calls in the first round. */
  public static final class Clock {
    @Tool("The local time in a city, as HH:mm")
    public String localTime(String city) {
      return "12:30";
    }
  }

  private final MockWebServer openai = new MockWebServer();
  private final MockWebServer anthropic = new MockWebServer();
  private Concierge concierge;

  @BeforeEach
  void start() throws Exception {
    openai.start();
    anthropic.start();
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "OPENAI_API_KEY",
                    "sk-openai-test",
                    "OPENAI_BASE_URL",
                    openai.url("/v1").toString(),
                    "ANTHROPIC_API_KEY",
                    "sk-ant-test",
                    "ANTHROPIC_BASE_URL",
                    anthropic.url("/").toString()))
            .time(new FakeTimeSource())
            .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(1))
            .build();
    concierge = Assistants.create(Concierge.class, registry);
  }

  @AfterEach
  void stop() {
    openai.close();
    anthropic.close();
  }

  @Test
  void openAiAnswering503TwiceFailsOverToAnthropic() throws Exception {
    openai.enqueue(unavailable());
    openai.enqueue(unavailable());
    anthropic.enqueue(json(anthropicText("Try the bouchon on Rue Mercière.")));

    Reply<String> reply = concierge.recommend("Lyon");

    assertThat(reply.value()).isEqualTo("Try the bouchon on Rue Mercière.");
    assertThat(reply.answeredBy().scheme()).isEqualTo("anthropic");
    assertThat(reply.attempts())
        .extracting(a -> a.target().scheme(), Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("openai", Attempt.Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("openai", Attempt.Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("anthropic", Attempt.Outcome.SUCCEEDED));
    assertThat(openai.getRequestCount()).isEqualTo(2);
    RecordedRequest sent = anthropic.takeRequest();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo("sk-ant-test");
    JsonNode body = JSON.readTree(sent.getBody().utf8());
    assertThat(body.get("model").asText()).isEqualTo("claude-sonnet-4-5");
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(body.at("/messages/0/content").toString()).contains("Where should I eat in Lyon?");
  }

  @Test
  void aToolConversationStartedOnOpenAiFinishesOnAnthropic() throws Exception {
    openai.enqueue(json(openAiToolCall("call_abc123", "localTime", "{\"city\":\"Lyon\"}")));
    openai.enqueue(unavailable());
    openai.enqueue(unavailable());
    anthropic.enqueue(json(anthropicText("Yes: it is 12:30 in Lyon.")));

    Reply<String> reply = concierge.lunch("Lyon");

    assertThat(reply.value()).isEqualTo("Yes: it is 12:30 in Lyon.");
    assertThat(reply.answeredBy().scheme()).isEqualTo("anthropic");
    assertThat(reply.toolCalls()).hasSize(1);
    assertThat(reply.toolCalls().get(0).result().content()).isEqualTo("12:30");
    JsonNode first = JSON.readTree(openai.takeRequest().getBody().utf8());
    assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("localTime");

    JsonNode second = JSON.readTree(anthropic.takeRequest().getBody().utf8());
    List<JsonNode> messages = List.copyOf(toList(second.get("messages")));
    assertThat(messages).hasSize(3);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
    JsonNode toolUse = find(messages.get(1).get("content"), "tool_use");
    assertThat(toolUse.get("id").asText()).isEqualTo("call_abc123");
    assertThat(toolUse.get("name").asText()).isEqualTo("localTime");
    assertThat(toolUse.at("/input/city").asText()).isEqualTo("Lyon");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
    JsonNode toolResult = messages.get(2).get("content").get(0);
    assertThat(toolResult.get("type").asText()).isEqualTo("tool_result");
    assertThat(toolResult.get("tool_use_id").asText()).isEqualTo("call_abc123");
    assertThat(toolResult.toString()).contains("12:30");
    assertThat(second.at("/tools/0/name").asText()).isEqualTo("localTime");
  }

  private static MockResponse unavailable() {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static String anthropicText(String text) throws Exception {
    return JSON.writeValueAsString(
        Map.of(
            "id", "msg_1",
            "type", "message",
            "role", "assistant",
            "model", "claude-sonnet-4-5",
            "content", List.of(Map.of("type", "text", "text", text)),
            "stop_reason", "end_turn",
            "usage", Map.of("input_tokens", 20, "output_tokens", 8)));
  }

  private static String openAiToolCall(String id, String name, String arguments) throws Exception {
    Map<String, Object> call =
        Map.of(
            "id", id, "type", "function", "function", Map.of("name", name, "arguments", arguments));
    Map<String, Object> message =
        new java.util.HashMap<>(Map.of("role", "assistant", "tool_calls", List.of(call)));
    message.put("content", null);
    return JSON.writeValueAsString(
        Map.of(
            "id",
            "chatcmpl-1",
            "object",
            "chat.completion",
            "created",
            1,
            "model",
            "gpt-4o-mini",
            "choices",
            List.of(Map.of("index", 0, "message", message, "finish_reason", "tool_calls")),
            "usage",
            Map.of("prompt_tokens", 30, "completion_tokens", 10, "total_tokens", 40)));
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static JsonNode find(JsonNode content, String type) {
    for (JsonNode block : content) {
      if (type.equals(block.path("type").asText())) {
        return block;
      }
    }
    throw new AssertionError("no " + type + " block in " + content);
  }
}
