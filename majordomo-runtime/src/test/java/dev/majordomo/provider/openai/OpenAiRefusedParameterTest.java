package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.RefusedParameters;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.WireCaptures;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 400 naming an optional parameter that the request set is retried once without it on the same
 * target, and the model remembers it. Error bodies follow OpenAI's error guide
 * (https://platform.openai.com/docs/guides/error-codes) and the recorded {@code
 * oai-err-400-unsupported-value.json}; every request sent is valid against {@code
 * CreateChatCompletionRequest}.
 */
class OpenAiRefusedParameterTest {
  private static final String OK =
      OpenAiChatTest.j(
          "{'id':'chatcmpl-1','object':'chat.completion','created':1,'model':'o3',"
              + "'choices':[{'index':0,'message':{'role':'assistant','content':'ok'},"
              + "'finish_reason':'stop'}]}");

  private static final String TEMPERATURE_REFUSED =
      "{\"error\":{\"message\":\"Unsupported value: 'temperature' does not support 0.2 with this"
          + " model. Only the default (1) value is supported.\",\"type\":\"invalid_request_error\","
          + "\"param\":\"temperature\",\"code\":\"unsupported_value\"}}";

  private static final String TOP_P_REFUSED =
      "{\"error\":{\"message\":\"Unsupported parameter: 'top_p' is not supported with this"
          + " model.\",\"type\":\"invalid_request_error\",\"param\":\"top_p\","
          + "\"code\":\"unsupported_parameter\"}}";

  private final Logger log = Logger.getLogger(RefusedParameters.class.getName());
  private final List<String> infos = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.INFO) {
            infos.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
    log.addHandler(capture);
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
    api.close();
  }

  private static Request asking(GenerationOptions options) {
    return Request.of(Message.user("think")).withOptions(options);
  }

  @Test
  void aRefusedTemperatureIsLeftOutOfOneRetryAndOfEveryLaterCallAndLoggedOnce() throws Exception {
    Model o3 = api.openai("o3");
    GenerationOptions warm = GenerationOptions.DEFAULTS.withTemperature(0.2).withSeed(7L);
    api.enqueueError(400, TEMPERATURE_REFUSED);
    api.enqueueJson(OK);
    api.enqueueJson(OK);

    assertThat(o3.call(asking(warm)).text()).isEqualTo("ok");
    assertThat(o3.call(asking(warm)).text()).isEqualTo("ok");

    JsonNode first = api.takeBody();
    JsonNode retry = api.takeBody();
    JsonNode later = api.takeBody();
    assertThat(first.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(retry.has("temperature")).isFalse();
    assertThat(retry.get("seed").asLong()).isEqualTo(7);
    assertThat(later.has("temperature")).isFalse();
    assertThat(api.server.getRequestCount()).isEqualTo(3);
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0)).contains("o3", "temperature", "unsupported_value");
    assertThat(infos.get(0)).doesNotContain(MockOpenAi.KEY);
  }

  @Test
  void twoRefusedParametersAreLeftOutOneAfterTheOther() throws Exception {
    api.enqueueError(400, TEMPERATURE_REFUSED);
    api.enqueueError(400, TOP_P_REFUSED);
    api.enqueueJson(OK);

    Model o3 = api.openai("o3");
    assertThat(
            o3.call(asking(GenerationOptions.DEFAULTS.withTemperature(0.2).withTopP(0.9))).text())
        .isEqualTo("ok");

    api.takeBody();
    assertThat(api.takeBody().has("temperature")).isFalse();
    JsonNode last = api.takeBody();
    assertThat(last.has("temperature")).isFalse();
    assertThat(last.has("top_p")).isFalse();
  }

  @Test
  void aRefusalOfARequiredThingFailsAsBeforeWithoutARetry() throws Exception {
    // Recorded: o1-mini refusing the system role; a message's role is no optional parameter.
    api.enqueueError(400, WireCaptures.read("openai/oai-err-400-unsupported-value.json"));

    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.openai("o1-mini")
                    .call(
                        Request.of(Message.system("be brief"), Message.user("hi"))
                            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.2))));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.providerCode()).contains("unsupported_value");
    assertThat(api.server.getRequestCount()).isEqualTo(1);
    assertThat(infos).isEmpty();
  }

  @Test
  void aRefusalOfAParameterTheRequestDidNotSetFailsAsBefore() throws Exception {
    api.enqueueError(400, TEMPERATURE_REFUSED);

    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> api.openai("o3").call(asking(GenerationOptions.DEFAULTS.withSeed(1L))));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(api.server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aValueTooLargeIsNoRefusalTheOutputLimitStaysAndNothingIsRemembered() throws Exception {
    // OpenAI's answer to an output limit above the model's: it names the parameter in param but
    // refuses the value, not the parameter; leaving the limit out would lift it for good.
    String tooLarge =
        "{\"error\":{\"message\":\"max_completion_tokens is too large: 100000. This model"
            + " supports at most 16384 completion tokens, whereas you provided 100000.\","
            + "\"type\":\"invalid_request_error\",\"param\":\"max_completion_tokens\","
            + "\"code\":\"invalid_value\"}}";
    api.enqueueError(400, tooLarge);
    api.enqueueJson(OK);
    Model model = api.openai("gpt-4o-mini");

    assertThatThrownBy(() -> model.call(asking(GenerationOptions.DEFAULTS.withMaxTokens(100_000))))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.status()).hasValue(400));
    model.call(asking(GenerationOptions.DEFAULTS.withMaxTokens(1000)));

    assertThat(api.takeBody().get("max_completion_tokens").asInt()).isEqualTo(100_000);
    JsonNode later = api.takeBody();
    assertThat(later.get("max_completion_tokens").asInt())
        .as("the next call keeps its output limit")
        .isEqualTo(1000);
    assertThat(later.has("max_tokens")).isFalse();
    assertThat(api.server.getRequestCount()).isEqualTo(2);
    assertThat(infos).isEmpty();
  }

  @Test
  void aRefusedMaxCompletionTokensIsSentAsMaxTokens() throws Exception {
    api.enqueueError(
        400,
        "{\"error\":{\"message\":\"Unsupported parameter: 'max_completion_tokens'\","
            + "\"type\":\"invalid_request_error\",\"param\":\"max_completion_tokens\","
            + "\"code\":\"unsupported_parameter\"}}");
    api.enqueueJson(OK);

    api.openai("old-server-model").call(asking(GenerationOptions.DEFAULTS.withMaxTokens(64)));

    assertThat(api.takeBody().get("max_completion_tokens").asInt()).isEqualTo(64);
    JsonNode retry = api.takeBody();
    assertThat(retry.has("max_completion_tokens")).isFalse();
    assertThat(retry.get("max_tokens").asInt()).isEqualTo(64);
  }

  @Test
  void aStreamIsRetriedWhenTheRefusalOnlyNamesTheParameterInItsMessage() throws Exception {
    api.enqueueError(
        400,
        OpenAiChatTest.j(
            "{'error':{'message':'Unrecognized request argument supplied: seed',"
                + "'type':'invalid_request_error','param':null,'code':null}}"));
    api.enqueueSse(
        OpenAiChatTest.j(
            "{'id':'c','object':'chat.completion.chunk','created':1,'model':'m',"
                + "'choices':[{'index':0,'delta':{'content':'hi'},'finish_reason':'stop'}]}"),
        "[DONE]");

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s =
        api.openai("m").stream(asking(GenerationOptions.DEFAULTS.withSeed(3L)))) {
      s.forEachRemaining(events::add);
    }

    assertThat(events).contains(new StreamEvent.TextDelta("hi"));
    assertThat(api.takeBody().get("seed").asLong()).isEqualTo(3);
    assertThat(api.takeBody().has("seed")).isFalse();
  }

  // ------------------------------------------------------------- Responses API

  @Test
  void theResponsesApiLeavesOutARefusedTemperatureOnceAndForLaterCalls() throws Exception {
    // The Responses API answers with the same error object as Chat Completions
    // (https://platform.openai.com/docs/guides/error-codes).
    Model o3 = api.responses("o3");
    GenerationOptions warm = GenerationOptions.DEFAULTS.withTemperature(0.2).withMaxTokens(64);
    String reply =
        OpenAiResponsesTest.response(
            "completed", "[" + OpenAiResponsesTest.message("ok") + "]", "null", "null");
    api.enqueueError(400, TEMPERATURE_REFUSED);
    api.enqueueJson(reply);
    api.enqueueJson(reply);

    assertThat(o3.call(asking(warm)).text()).isEqualTo("ok");
    assertThat(o3.call(asking(warm)).text()).isEqualTo("ok");

    JsonNode first = api.takeResponsesBody();
    JsonNode retry = api.takeResponsesBody();
    JsonNode later = api.takeResponsesBody();
    assertThat(first.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(retry.has("temperature")).isFalse();
    assertThat(retry.get("max_output_tokens").asInt()).isEqualTo(64);
    assertThat(later.has("temperature")).isFalse();
    assertThat(api.server.getRequestCount()).isEqualTo(3);
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0)).contains("o3", "temperature", "unsupported_value");
  }

  @Test
  void theResponsesApiLeavesOutTheReasoningObjectWhenItsEffortIsRefused() throws Exception {
    // A nested parameter is named by its path in param; the top-level object is what is left out.
    api.enqueueError(
        400,
        "{\"error\":{\"message\":\"Unsupported parameter: 'reasoning.effort' is not supported"
            + " with this model.\",\"type\":\"invalid_request_error\","
            + "\"param\":\"reasoning.effort\",\"code\":\"unsupported_parameter\"}}");
    api.enqueueJson(
        OpenAiResponsesTest.response(
            "completed", "[" + OpenAiResponsesTest.message("ok") + "]", "null", "null"));

    assertThat(
            api.responses("o1-mini")
                .call(
                    asking(
                        GenerationOptions.DEFAULTS.withReasoningEffort(
                            dev.majordomo.llm.ReasoningEffort.HIGH)))
                .text())
        .isEqualTo("ok");

    assertThat(api.takeResponsesBody().get("reasoning").get("effort").asText()).isEqualTo("high");
    assertThat(api.takeResponsesBody().has("reasoning")).isFalse();
  }

  @Test
  void aResponsesStreamIsSentAgainWithoutARefusedTopP() throws Exception {
    api.enqueueError(400, TOP_P_REFUSED);
    api.enqueueTypedSse(
        OpenAiChatTest.j(
            "{'type':'response.output_text.delta','sequence_number':1,'item_id':'msg_1',"
                + "'output_index':0,'content_index':0,'delta':'hi'}"),
        OpenAiChatTest.j(
            "{'type':'response.completed','sequence_number':2,'response':{'id':'resp_1',"
                + "'object':'response','created_at':1,'status':'completed','model':'o3',"
                + "'output':[],'usage':null}}"));

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s =
        api.responses("o3").stream(asking(GenerationOptions.DEFAULTS.withTopP(0.9)))) {
      s.forEachRemaining(events::add);
    }

    assertThat(events).contains(new StreamEvent.TextDelta("hi"));
    assertThat(api.takeResponsesBody().get("top_p").asDouble()).isEqualTo(0.9);
    assertThat(api.takeResponsesBody().has("top_p")).isFalse();
    assertThat(infos).hasSize(1);
  }

  // ------------------------------------------------------------- 422 (Mistral, DeepSeek)

  /**
   * Mistral's validation error, a 422 whose message is an object of pydantic details, as its API
   * answers a parameter it does not take (shape from Mistral's error glossary,
   * https://docs.mistral.ai/resources/error-glossary, and its strict parameter validation note,
   * https://docs.mistral.ai/resources/release-note/2024-01-11-strict-api-parameter-validation).
   */
  private static String mistral422(String loc) {
    return "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
        + "\"loc\":"
        + loc
        + ",\"msg\":\"Extra inputs are not permitted\",\"input\":0.9}]},"
        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}";
  }

  @Test
  void a422ThatNamesAnOptionalParameterIsRetriedWithoutItLikeA400() throws Exception {
    api.enqueueError(422, mistral422("[\"body\",\"top_p\"]"));
    api.enqueueJson(OK);

    Model mistral = api.open(new dev.majordomo.provider.compatible.MistralProvider(), "m-small");
    assertThat(
            mistral
                .call(asking(GenerationOptions.DEFAULTS.withTopP(0.9).withTemperature(0.3)))
                .text())
        .isEqualTo("ok");

    assertThat(api.takeBody().get("top_p").asDouble()).isEqualTo(0.9);
    JsonNode retry = api.takeBody();
    assertThat(retry.has("top_p")).isFalse();
    assertThat(retry.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(infos).hasSize(1);
    assertThat(infos.get(0)).contains("top_p");
  }

  @Test
  void a422ThatNamesNoOptionalParameterFailsAsBefore() throws Exception {
    api.enqueueError(422, mistral422("[\"body\",\"messages\",0,\"user\",\"name\"]"));

    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                api.open(new dev.majordomo.provider.compatible.MistralProvider(), "m-small")
                    .call(asking(GenerationOptions.DEFAULTS.withTopP(0.9))));

    assertThat(e.status()).hasValue(422);
    assertThat(api.server.getRequestCount()).isEqualTo(1);
    assertThat(infos).isEmpty();
  }
}
