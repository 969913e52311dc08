package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.WireCaptures;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Extended thinking on the Messages API
 * (https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking): the request's {@code
 * thinking} and {@code max_tokens}, thinking and redacted thinking read from recorded replies and
 * streams, and thinking blocks sent back unchanged.
 */
class AnthropicThinkingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Model model() {
    ModelSpec spec =
        new ModelSpec(
            "anthropic",
            Secret.of("sk-ant-test"),
            server.getHostName(),
            server.getPort(),
            "claude-sonnet-4-5",
            false,
            null,
            null,
            Map.of());
    return new AnthropicProvider()
        .open(spec, new TestProviderContext(Map.of(), new FakeTimeSource(), client));
  }

  private void enqueue(String body, String contentType) {
    server.enqueue(
        new MockResponse.Builder().setHeader("content-type", contentType).body(body).build());
  }

  private JsonNode sentBody() throws Exception {
    RecordedRequest recorded = server.takeRequest();
    return JSON.readTree(recorded.getBody().utf8());
  }

  private static Request ask(GenerationOptions options) {
    return Request.of(Message.user("What is 2 + 2?")).withOptions(options);
  }

  @Test
  void anEffortBecomesABudgetAndMaxTokensIsRaisedAboveIt() throws Exception {
    enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");

    model()
        .call(
            ask(
                GenerationOptions.DEFAULTS
                    .withReasoningEffort(ReasoningEffort.MEDIUM)
                    .withMaxTokens(1000)
                    .withTemperature(0.2)
                    .withTopP(0.5)));

    JsonNode body = sentBody();
    assertThat(body.at("/thinking/type").asText()).isEqualTo("enabled");
    assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(8192);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(8192 + 1000);
    assertThat(body.has("temperature")).as("thinking refuses a temperature").isFalse();
    assertThat(body.has("top_p")).isFalse();
  }

  @Test
  void aBudgetIsSentAsItIsAndALargerMaxTokensIsKept() throws Exception {
    enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");

    model()
        .call(ask(GenerationOptions.DEFAULTS.withReasoningBudgetTokens(2000).withMaxTokens(9000)));

    JsonNode body = sentBody();
    assertThat(body.at("/thinking/budget_tokens").asInt()).isEqualTo(2000);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(9000);
  }

  @Test
  void aBudgetAndMaxTokensWhoseSumHasNoIntAreATypedErrorBeforeAnyRequest() {
    GenerationOptions absurd =
        GenerationOptions.DEFAULTS
            .withReasoningBudgetTokens(Integer.MAX_VALUE)
            .withMaxTokens(Integer.MAX_VALUE);

    assertThatThrownBy(() -> model().call(ask(absurd)))
        .isInstanceOfSatisfying(
            LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT))
        .hasMessageContaining("budget_tokens")
        .hasMessageContaining(String.valueOf(Integer.MAX_VALUE));
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void noReasoningSettingNoneOrStructuredOutputSendNoThinking() throws Exception {
    for (int i = 0; i < 3; i++) {
      enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");
    }
    model().call(ask(GenerationOptions.DEFAULTS.withTemperature(0.3)));
    model().call(ask(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.NONE)));
    model()
        .call(
            ask(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.HIGH))
                .withResponseSchema(
                    new ResponseSchema("Sum", "{\"type\":\"object\",\"properties\":{}}")));

    JsonNode plain = sentBody();
    assertThat(plain.has("thinking")).isFalse();
    assertThat(plain.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(plain.get("max_tokens").asInt()).isEqualTo(AnthropicCodec.DEFAULT_MAX_TOKENS);
    assertThat(sentBody().has("thinking")).isFalse();
    assertThat(sentBody().has("thinking")).as("a forced answer tool refuses thinking").isFalse();
  }

  @Test
  void aRecordedReplyGivesItsThinkingWithTheSignatureAndItsThinkingTokens() {
    enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");

    Response response =
        model().call(ask(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.LOW)));

    assertThat(response.text()).isEqualTo("2 + 2 = 4");
    assertThat(response.reasoningText())
        .isEqualTo(
            "This is a straightforward arithmetic problem, so I'll just provide the answer"
                + " directly.");
    Part.Reasoning thinking = response.reasoning().get(0);
    assertThat(thinking.origin()).isEqualTo(Part.Reasoning.ANTHROPIC);
    assertThat(thinking.signature()).startsWith("CAISzQIKhwEIEBgCKkA6UEt5").endsWith("YAQ==");
    assertThat(response.message().parts().get(0)).isEqualTo(thinking);
    assertThat(response.usage().reasoningTokens()).isEqualTo(33);
    assertThat(response.usage().outputTokens()).isEqualTo(44);
  }

  @Test
  void aRecordedStreamSendsThinkingAsItArrivesThenTheSignedBlock() {
    enqueue(WireCaptures.read("anthropic/ant-sse-thinking.sse"), "text/event-stream");

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream stream =
        model().stream(ask(GenerationOptions.DEFAULTS.withReasoningBudgetTokens(1024)))) {
      stream.forEachRemaining(events::add);
    }

    StringBuilder deltas = new StringBuilder();
    int firstText = -1;
    int block = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof StreamEvent.ReasoningDelta d) {
        deltas.append(d.text());
      } else if (events.get(i) instanceof StreamEvent.ReasoningEvent && block < 0) {
        block = i;
      } else if (events.get(i) instanceof StreamEvent.TextDelta && firstText < 0) {
        firstText = i;
      }
    }
    assertThat(deltas.toString()).startsWith("This is a straightforward question about pedestrian");
    assertThat(block).isPositive().isLessThan(firstText);
    Part.Reasoning thinking = ((StreamEvent.ReasoningEvent) events.get(block)).reasoning();
    assertThat(thinking.text()).isEqualTo(deltas.toString());
    assertThat(thinking.signature()).isNotBlank();
    assertThat(thinking.origin()).isEqualTo(Part.Reasoning.ANTHROPIC);
  }

  @Test
  void aRecordedStreamWithRedactedThinkingGivesTheBlockUnchangedAndNoDeltas() {
    String sse = WireCaptures.read("anthropic/ant-sse-redacted-thinking.sse");
    enqueue(sse, "text/event-stream");

    Response response =
        model().stream(ask(GenerationOptions.DEFAULTS.withReasoningBudgetTokens(1024))).collect();

    // The recording has two redacted blocks, then text.
    assertThat(response.reasoning()).hasSize(2);
    assertThat(response.reasoning().get(1).isRedacted()).isTrue();
    assertThat(response.text()).isNotEmpty();
    Part.Reasoning redacted = response.reasoning().get(0);
    assertThat(redacted.isRedacted()).isTrue();
    assertThat(redacted.text()).isEmpty();
    assertThat(redacted.redactedData()).startsWith("EqkECkYIBxgCKkA8AZ4noDfV5VcOJe");
    assertThat(sse).contains(redacted.redactedData());
    assertThat(response.reasoningText()).isEmpty();
  }

  @Test
  void thinkingOfAToolTurnIsSentBackUnchangedFirstAndOtherWiresReasoningIsNot() throws Exception {
    enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");
    enqueue(WireCaptures.read("anthropic/ant-json-thinking-tokens.json"), "application/json");
    Part.Reasoning signed = Part.Reasoning.anthropic("I should look it up.", "c2lnbmF0dXJl");
    Part.Reasoning redacted = Part.Reasoning.anthropicRedacted("cmVkYWN0ZWQ=");
    Part.Reasoning unsigned = Part.Reasoning.anthropic("cut short", null);
    Part.Reasoning foreign = Part.Reasoning.text("ollama's thoughts", Part.Reasoning.OLLAMA);
    Part.ToolCall call = new Part.ToolCall("toolu_1", "lookup", "{\"q\":\"x\"}");
    List<Message> history =
        List.of(
            Message.user("Look x up."),
            Message.assistant(List.of(foreign, signed, redacted, unsigned, call)),
            Message.toolResults(List.of(Part.ToolResult.success(call, "found"))));

    model()
        .call(
            new Request(
                history,
                List.of(),
                GenerationOptions.DEFAULTS.withReasoningBudgetTokens(2048),
                null));
    model().call(new Request(history, List.of(), GenerationOptions.DEFAULTS, null));

    JsonNode assistant = sentBody().at("/messages/1/content");
    assertThat(assistant.toString())
        .isEqualTo(
            "[{\"type\":\"thinking\",\"thinking\":\"I should look it up.\",\"signature\":\"c2lnbmF0dXJl\"},"
                + "{\"type\":\"redacted_thinking\",\"data\":\"cmVkYWN0ZWQ=\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{\"q\":\"x\"}}]");
    assertThat(sentBody().at("/messages/1/content").toString())
        .as("without thinking on, no thinking block is sent")
        .doesNotContain("thinking");
  }
}
