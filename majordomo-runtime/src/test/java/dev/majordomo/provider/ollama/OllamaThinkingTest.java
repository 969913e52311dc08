package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
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
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ollama's {@code think}: the level sent, the {@code thinking} field read (recorded reply of
 * GPT-OSS with a tool call) and streamed, Ollama's own thinking sent back, and the 400 of a model
 * that cannot think answered by one retry without it, remembered for the model.
 */
class OllamaThinkingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REFUSAL =
      "{\"error\":\"\\\"llama3.2\\\" does not support thinking\"}";

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
            "ollama",
            null,
            server.getHostName(),
            server.getPort(),
            "llama3.2",
            null,
            null,
            null,
            Map.of());
    return new OllamaProvider()
        .open(spec, new TestProviderContext(Map.of(), new FakeTimeSource(), client));
  }

  private void enqueue(int status, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("content-type", "application/json")
            .body(body)
            .build());
  }

  private JsonNode sent() throws Exception {
    return JSON.readTree(server.takeRequest().getBody().utf8());
  }

  private static Request ask(ReasoningEffort effort) {
    return Request.of(Message.user("search ollama bash lib"))
        .withOptions(GenerationOptions.DEFAULTS.withReasoningEffort(effort));
  }

  @Test
  void theEffortIsSentAsALevelAndNoneAsFalse() throws Exception {
    String reply = WireCaptures.read("ollama/oll-json-thinking-tool.json");
    for (int i = 0; i < 4; i++) {
      enqueue(200, reply);
    }
    Model model = model();
    model.call(ask(ReasoningEffort.HIGH));
    model.call(ask(ReasoningEffort.MINIMAL));
    model.call(ask(ReasoningEffort.NONE));
    model.call(Request.of(Message.user("plain")));

    assertThat(sent().get("think").asText()).isEqualTo("high");
    assertThat(sent().get("think").asText()).isEqualTo("low");
    assertThat(sent().get("think").isBoolean()).isTrue();
    assertThat(sent().has("think")).isFalse();
  }

  @Test
  void aRecordedThinkingReplyWithAToolCallGivesTheThinkingFirstAndItGoesBackAsThinking()
      throws Exception {
    enqueue(200, WireCaptures.read("ollama/oll-json-thinking-tool.json"));
    enqueue(200, WireCaptures.read("ollama/oll-json-thinking-tool.json"));
    Model model = model();

    Response first = model.call(ask(ReasoningEffort.LOW));

    assertThat(first.message().parts().get(0))
        .isEqualTo(
            Part.Reasoning.text(
                "The user wants to search for 'ollama bash lib'. Use the search function.",
                Part.Reasoning.OLLAMA));
    assertThat(first.toolCalls()).hasSize(1);
    Part.ToolCall call = first.toolCalls().get(0);
    model.call(
        ask(ReasoningEffort.LOW)
            .followedBy(
                Message.assistant(
                    List.of(
                        Part.Reasoning.anthropic("not for ollama", "sig"),
                        first.message().parts().get(0),
                        call)),
                Message.toolResults(List.of(Part.ToolResult.success(call, "3 results")))));
    sent();
    JsonNode assistant = sent().get("messages").get(1);
    assertThat(assistant.get("thinking").asText())
        .isEqualTo("The user wants to search for 'ollama bash lib'. Use the search function.");
  }

  @Test
  void aStreamSendsThinkingAsItArrivesThenOnePartBeforeTheAnswer() {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/x-ndjson")
            .body(
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                    + "\"thinking\":\"Two \"},\"done\":false}\n"
                    + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                    + "\"thinking\":\"and two.\"},\"done\":false}\n"
                    + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"4\"},"
                    + "\"done\":false}\n"
                    + "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,"
                    + "\"eval_count\":9}\n")
            .build());

    List<StreamEvent> events = new ArrayList<>();
    try (var stream = model().stream(ask(ReasoningEffort.MEDIUM))) {
      stream.forEachRemaining(events::add);
    }

    assertThat(events.subList(0, 4))
        .containsExactly(
            new StreamEvent.ReasoningDelta("Two "),
            new StreamEvent.ReasoningDelta("and two."),
            new StreamEvent.ReasoningEvent(
                Part.Reasoning.text("Two and two.", Part.Reasoning.OLLAMA)),
            new StreamEvent.TextDelta("4"));
  }

  @Test
  void aModelThatCannotThinkIsAskedAgainWithoutThinkOnceAndThenNeverWithIt() throws Exception {
    enqueue(400, REFUSAL);
    enqueue(200, WireCaptures.read("ollama/oll-docs-json.json"));
    enqueue(200, WireCaptures.read("ollama/oll-docs-json.json"));
    Model model = model();

    Response response = model.call(ask(ReasoningEffort.HIGH));
    model.stream(ask(ReasoningEffort.HIGH)).close();

    assertThat(response.text()).isNotEmpty();
    assertThat(sent().get("think").asText()).isEqualTo("high");
    assertThat(sent().has("think")).isFalse();
    assertThat(sent().has("think")).as("remembered for the model").isFalse();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anotherBadRequestIsNotRetried() {
    enqueue(400, "{\"error\":\"invalid format: expected \\\"json\\\"\"}");

    assertThatThrownBy(() -> model().call(ask(ReasoningEffort.HIGH)))
        .isInstanceOf(LlmException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
