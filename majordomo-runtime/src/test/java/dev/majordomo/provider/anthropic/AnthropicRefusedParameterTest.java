package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ReasoningEffort;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.WireCaptures;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Messages API 400 naming an optional sampling parameter is retried once without it: recent
 * Claude models refuse {@code temperature} with {@code top_p} ("cannot both be specified"); the
 * body has the API's error shape ({"type":"error","error":{"type","message"}}).
 */
class AnthropicRefusedParameterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OK =
      "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
          + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}";

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

  private void enqueue(int status, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("content-type", "application/json")
            .body(body)
            .build());
  }

  private JsonNode taken() throws Exception {
    return JSON.readTree(server.takeRequest().getBody().utf8());
  }

  @Test
  void temperatureWithTopPIsSentAgainWithoutTopPAndLaterCallsLeaveItOut() throws Exception {
    enqueue(
        400,
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
            + "\"`temperature` and `top_p` cannot both be specified for this model. Please use"
            + " only one.\"}}");
    enqueue(200, OK);
    enqueue(200, OK);
    Model claude = model();
    Request request =
        Request.of(Message.user("hi"))
            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.3).withTopP(0.9));

    assertThat(claude.call(request).text()).isEqualTo("ok");
    assertThat(claude.call(request).text()).isEqualTo("ok");

    JsonNode first = taken();
    JsonNode retry = taken();
    JsonNode later = taken();
    assertThat(first.has("top_p")).isTrue();
    assertThat(retry.has("top_p")).isFalse();
    assertThat(retry.get("temperature").asDouble()).isEqualTo(0.3);
    assertThat(later.has("top_p")).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aModelWithoutExtendedThinkingIsSentTheRequestAgainWithoutThinkingAndRemembersIt()
      throws Exception {
    // The API's answer to thinking on a model without extended thinking (the models that have it
    // are listed on https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking): the
    // reasoning setting is then ignored, as on every other wire, instead of failing the call.
    enqueue(
        400,
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
            + "\"'claude-3-5-haiku-20241022' does not support thinking.\"}}");
    enqueue(200, OK);
    enqueue(200, OK);
    Model claude = model();
    Request request =
        Request.of(Message.user("hi"))
            .withOptions(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.LOW));

    assertThat(claude.call(request).text()).isEqualTo("ok");
    assertThat(claude.call(request).text()).isEqualTo("ok");

    assertThat(taken().has("thinking")).isTrue();
    assertThat(taken().has("thinking")).isFalse();
    assertThat(taken().has("thinking")).as("remembered for the model").isFalse();
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anotherBadRequestFailsAsBefore() {
    // Recorded: a tool_result without its tool_use; nothing optional about it.
    enqueue(400, WireCaptures.read("anthropic/ant-err-400-invalid-request.json"));

    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                model()
                    .call(
                        Request.of(Message.user("hi"))
                            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.3))));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
