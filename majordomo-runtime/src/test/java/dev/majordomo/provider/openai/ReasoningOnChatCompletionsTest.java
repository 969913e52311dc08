package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.WireCaptures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reasoning on Chat Completions: {@code reasoning_effort} (every request a valid {@code
 * CreateChatCompletionRequest}), reasoning tokens from {@code completion_tokens_details}, the
 * {@code reasoning}/{@code reasoning_content} fields of compatible servers, and reasoning of other
 * wires left out of the request.
 */
class ReasoningOnChatCompletionsTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void anEffortIsSentAsReasoningEffortAndABudgetAsTheEffortItStandsFor() throws Exception {
    api.enqueueJson(WireCaptures.read("openai/oai-json-reasoning-tokens.json"));
    api.enqueueJson(WireCaptures.read("openai/oai-json-reasoning-tokens.json"));
    api.enqueueJson(WireCaptures.read("openai/oai-json-reasoning-tokens.json"));
    Model model = api.openai("o1-mini");
    Request ask = Request.of(Message.user("The capital of France?"));

    Response response =
        model.call(
            ask.withOptions(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.HIGH)));
    model.call(ask.withOptions(GenerationOptions.DEFAULTS.withReasoningBudgetTokens(5000)));
    model.call(ask);

    assertThat(api.takeBody().get("reasoning_effort").asText()).isEqualTo("high");
    assertThat(api.takeBody().get("reasoning_effort").asText()).isEqualTo("medium");
    assertThat(api.takeBody().has("reasoning_effort")).isFalse();
    assertThat(response.usage().reasoningTokens()).isEqualTo(192);
    assertThat(response.reasoning()).as("OpenAI shows no reasoning on Chat Completions").isEmpty();
  }

  @Test
  void reasoningOfAnotherWireIsLeftOutOfTheAssistantMessage() throws Exception {
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    Part.ToolCall call = new Part.ToolCall("call_1", "lookup", "{}");
    api.openai("gpt-5")
        .call(
            Request.of(
                Message.user("look"),
                Message.assistant(
                    List.of(
                        Part.Reasoning.anthropic("thinking", "c2ln"), Part.text("Let me."), call)),
                Message.toolResults(List.of(Part.ToolResult.success(call, "found")))));

    JsonNode assistant = api.takeBody().get("messages").get(1);
    assertThat(assistant.toString())
        .isEqualTo(
            "{\"role\":\"assistant\",\"content\":\"Let me.\",\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{}\"}}]}");
  }

  @Test
  void aCompatibleServersReasoningFieldBecomesAReasoningPart() {
    // Ollama's OpenAI-compatible endpoint, recorded (oai-compat-ollama-reasoning-field.json).
    api.enqueueJson(WireCaptures.read("openai/oai-compat-ollama-reasoning-field.json"));

    Response response = api.openai("qwen3:0.6b").call(Request.of(Message.user("capital?")));

    assertThat(response.reasoningText()).startsWith("Okay, the user is asking for the capital");
    assertThat(response.reasoning().get(0).origin()).isEqualTo(Part.Reasoning.OPENAI_COMPATIBLE);
    assertThat(response.text()).contains("Paris");
  }

  @Test
  void streamedReasoningContentArrivesAsDeltasThenOnePartBeforeTheCalls() {
    api.enqueueSse(
        "{\"id\":\"c1\",\"model\":\"deepseek-reasoner\",\"choices\":[{\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"reasoning_content\":\"Hmm, \"}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"a tool.\"}}]}",
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
            + "\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
        "[DONE]");

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream stream =
        api.openai("deepseek-reasoner").stream(Request.of(Message.user("x")))) {
      stream.forEachRemaining(events::add);
    }

    assertThat(events.subList(0, 4))
        .containsExactly(
            new StreamEvent.ReasoningDelta("Hmm, "),
            new StreamEvent.ReasoningDelta("a tool."),
            new StreamEvent.ReasoningEvent(
                Part.Reasoning.text("Hmm, a tool.", Part.Reasoning.OPENAI_COMPATIBLE)),
            new StreamEvent.ToolCallEvent(new Part.ToolCall("call_9", "lookup", "{}")));
  }
}
