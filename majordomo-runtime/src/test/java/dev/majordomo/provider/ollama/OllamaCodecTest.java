package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import dev.majordomo.provider.TestProviderContext;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaCodecTest {
  private static final HttpTransport TRANSPORT =
      HttpTransport.builder(Target.of("ollama", "m")).build();
  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode body(Request request) {
    return OllamaCodec.requestBody("llama3.2", request, false);
  }

  @Test
  void aPlainRequestIsTheReferenceMinimalPair() {
    Request request =
        Request.of(Message.user("Say hi"))
            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(16));
    assertThat(body(request))
        .isEqualTo(
            json(
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
                    + "\"options\":{\"temperature\":0.0,\"num_predict\":16},\"stream\":false}"));
  }

  @Test
  void topPGoesIntoOptionsAsTopP() {
    Request request =
        Request.of(Message.user("x"))
            .withOptions(GenerationOptions.DEFAULTS.withTemperature(0.5).withTopP(0.8));
    assertThat(body(request).get("options")).isEqualTo(json("{\"temperature\":0.5,\"top_p\":0.8}"));
  }

  @Test
  void streamIsAlwaysSentBecauseTheServerDefaultsToStreaming() {
    assertThat(body(Request.of(Message.user("x"))).get("stream").asBoolean()).isFalse();
    assertThat(
            OllamaCodec.requestBody("m", Request.of(Message.user("x")), true)
                .get("stream")
                .asBoolean())
        .isTrue();
    assertThat(body(Request.of(Message.user("x"))).has("options")).isFalse();
  }

  @Test
  void stopAndSeedGoIntoOptions() {
    JsonNode options =
        body(Request.of(Message.user("x"))
                .withOptions(GenerationOptions.DEFAULTS.withStop(List.of("END")).withSeed(42L)))
            .get("options");
    assertThat(options.toString()).isEqualTo("{\"stop\":[\"END\"],\"seed\":42}");
  }

  @Test
  void aMultiTurnConversationKeepsTheSystemRoleAndOrder() {
    JsonNode body =
        body(
            Request.of(
                Message.system("Be terse."),
                Message.user("2+2?"),
                Message.assistant("4"),
                Message.user("3+3?")));
    assertThat(body.get("messages"))
        .isEqualTo(
            json(
                "[{\"role\":\"system\",\"content\":\"Be terse.\"},"
                    + "{\"role\":\"user\",\"content\":\"2+2?\"},"
                    + "{\"role\":\"assistant\",\"content\":\"4\"},"
                    + "{\"role\":\"user\",\"content\":\"3+3?\"}]"));
  }

  @Test
  void toolCallsCarryObjectArgumentsAndResultsAreToolMessagesWithNameAndId() {
    Part.ToolCall call = new Part.ToolCall("call_ab12cd34", "get_weather", "{\"city\":\"Tokyo\"}");
    JsonNode body =
        body(
            Request.of(
                    Message.user("Weather?"),
                    Message.assistant(List.of(call)),
                    Message.toolResults(
                        List.of(
                            Part.ToolResult.success(call, "11 degrees celsius"),
                            new Part.ToolResult("call_zz", "get_time", "Error: boom", true),
                            new Part.ToolResult("call_yy", "get_time", "clock broken", true))))
                .withTools(List.of(WEATHER)));
    assertThat(body.at("/messages/1"))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_ab12cd34\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}}]}"));
    assertThat(body.at("/messages/2"))
        .isEqualTo(
            json(
                "{\"role\":\"tool\",\"content\":\"11 degrees celsius\",\"tool_name\":\"get_weather\","
                    + "\"tool_call_id\":\"call_ab12cd34\"}"));
    // No error flag on this wire: an error result says so in its text, once.
    assertThat(body.at("/messages/3/content").asText()).isEqualTo("Error: boom");
    assertThat(body.at("/messages/4/content").asText()).isEqualTo("Error: clock broken");
    assertThat(body.get("tools"))
        .isEqualTo(
            json(
                "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"description\":\"Current weather\",\"parameters\":{\"type\":\"object\","
                    + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]"));
  }

  @Test
  void resultsInAUserTurnComeBeforeItsText() {
    JsonNode body =
        body(
            Request.of(
                new Message(
                    Role.USER,
                    List.of(
                        Part.text("thanks"),
                        new Part.ToolResult("call_1", "get_weather", "5C", false)))));
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("tool");
    assertThat(body.at("/messages/1/content").asText()).isEqualTo("thanks");
  }

  @Test
  void imagesAreRawBase64WithoutADataPrefix() {
    byte[] png = TestProviderContext.png(2, 2);
    JsonNode message =
        body(Request.of(
                Message.user(List.of(Part.text("What is it?"), Part.image(Image.fromBytes(png))))))
            .at("/messages/0");
    assertThat(message.get("content").asText()).isEqualTo("What is it?");
    assertThat(message.get("images"))
        .isEqualTo(json("[\"" + Base64.getEncoder().encodeToString(png) + "\"]"));
    assertThat(message.at("/images/0").asText()).doesNotStartWith("data:");
  }

  @Test
  void anImageUrlIsRejectedBecauseOllamaTakesBytesOnly() {
    Request request =
        Request.of(
            Message.user(List.of(Part.image(Image.fromUrl(URI.create("https://x.test/a.png"))))));
    ImageException e = catchThrowableOfType(ImageException.class, () -> body(request));
    assertThat(e.getMessage()).contains("message 0", "https://x.test/a.png", "bytes only");
  }

  @Test
  void aSignedImageUrlsSignatureStaysOutOfTheRefusal() {
    URI signed =
        URI.create(
            "https://bucket.s3.amazonaws.com/cat.png?X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=f00dcafe");
    Request request = Request.of(Message.user(List.of(Part.image(Image.fromUrl(signed)))));
    ImageException e = catchThrowableOfType(ImageException.class, () -> body(request));
    assertThat(e.getMessage())
        .contains("https://bucket.s3.amazonaws.com/cat.png?…")
        .doesNotContain("f00dcafe", "AKIDEXAMPLE");
  }

  @Test
  void structuredOutputIsTheSchemaAsFormat() {
    ResponseSchema schema =
        new ResponseSchema(
            "answer", "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
    assertThat(body(Request.of(Message.user("x")).withResponseSchema(schema)).get("format"))
        .isEqualTo(json(schema.json()));
  }

  @Test
  void textInAToolTurnIsRejected() {
    Message odd = new Message(Role.TOOL, List.of(Part.text("stray")));
    LlmException e = catchThrowableOfType(LlmException.class, () -> body(Request.of(odd)));
    assertThat(e.getMessage()).contains("message 0", "tool message", "text part");
  }

  @Test
  void parsesTheReferenceReply() {
    Response r =
        OllamaCodec.parseResponse(
            json(
                "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.000000Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"done\":true,"
                    + "\"done_reason\":\"stop\",\"total_duration\":250000000,\"load_duration\":1000000,"
                    + "\"prompt_eval_count\":27,\"prompt_eval_duration\":50000000,\"eval_count\":3,"
                    + "\"eval_duration\":40000000}"),
            TRANSPORT);
    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.usage()).isEqualTo(new Usage(27, 3, 0, 0));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void metricsLeftOutMeanZero() {
    Response r =
        OllamaCodec.parseResponse(
            json("{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"done\":true}"),
            TRANSPORT);
    assertThat(r.usage()).isEqualTo(Usage.NONE);
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void toolCallsKeepTheirIdsOrGetOneAndMakeTheFinishReasonToolCalls() {
    Response r =
        OllamaCodec.parseResponse(
            json(
                "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                    + "{\"id\":\"call_ab12cd34\",\"function\":{\"index\":0,\"name\":\"get_weather\","
                    + "\"arguments\":{\"city\":\"Tokyo\"}}},"
                    + "{\"function\":{\"name\":\"get_time\",\"arguments\":{}}}]},"
                    + "\"done\":true,\"done_reason\":\"stop\"}"),
            TRANSPORT);
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls().get(0))
        .isEqualTo(new Part.ToolCall("call_ab12cd34", "get_weather", "{\"city\":\"Tokyo\"}"));
    assertThat(r.toolCalls().get(1).name()).isEqualTo("get_time");
    assertThat(r.toolCalls().get(1).id()).matches("call_[a-z0-9]{8}");
    assertThat(r.text()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "stop,false,STOP",
        "stop,true,TOOL_CALLS",
        "null,false,STOP",
        "null,true,TOOL_CALLS",
        "length,false,LENGTH",
        "load,false,OTHER",
        "unload,false,OTHER"
      })
  void doneReasonsMapToFinishReasons(String reason, boolean calls, FinishReason expected) {
    assertThat(OllamaCodec.finishReason(reason, calls)).isEqualTo(expected);
  }

  @Test
  void aReplyWithoutAMessageIsMalformed() {
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> OllamaCodec.parseResponse(json("{\"done\":true}"), TRANSPORT));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed");
  }
}
