package dev.majordomo.provider.anthropic;

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
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.WireCaptures;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicCodecTest {
  private static final HttpTransport TRANSPORT =
      HttpTransport.builder(Target.of("anthropic", "m")).build();
  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather in a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");
  private static final ResponseSchema PLAN =
      new ResponseSchema(
          "plan",
          "{\"type\":\"object\",\"properties\":{\"days\":{\"type\":\"integer\"}},"
              + "\"required\":[\"days\"],\"additionalProperties\":false}");

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode body(Request request) {
    return AnthropicCodec.requestBody("claude-x", request, false, 4096);
  }

  @Test
  void aPlainRequestIsTheReferenceMinimalPair() {
    Request request =
        Request.of(Message.user("Say hi"))
            .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(64));
    assertThat(AnthropicCodec.requestBody("claude-sonnet-4-20250514", request, false, 4096))
        .isEqualTo(
            json(
                "{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":64,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hi\"}]}]}"));
  }

  @Test
  void maxTokensFallsBackToTheDefaultBecauseTheApiRequiresIt() {
    assertThat(body(Request.of(Message.user("x"))).get("max_tokens").asInt()).isEqualTo(4096);
    assertThat(
            AnthropicCodec.requestBody("m", Request.of(Message.user("x")), false, 1000)
                .get("max_tokens")
                .asInt())
        .isEqualTo(1000);
  }

  @Test
  void topPIsSentAsTopPAndOnlyWhenSet() {
    JsonNode body =
        body(Request.of(Message.user("x")).withOptions(GenerationOptions.DEFAULTS.withTopP(0.25)));
    assertThat(body.get("top_p").asDouble()).isEqualTo(0.25);
    assertThat(body.has("temperature")).isFalse();
    assertThat(body(Request.of(Message.user("x"))).has("top_p")).isFalse();
  }

  @Test
  void optionsMapToTemperatureAndStopSequencesAndSeedIsNotSent() {
    GenerationOptions options =
        GenerationOptions.DEFAULTS
            .withTemperature(0.2)
            .withStop(List.of("END", "STOP"))
            .withSeed(7L);
    JsonNode body = body(Request.of(Message.user("x")).withOptions(options));
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
    assertThat(body.get("stop_sequences")).isEqualTo(json("[\"END\",\"STOP\"]"));
    assertThat(body.has("seed")).isFalse();
    assertThat(body.has("stream")).isFalse();
    assertThat(
            AnthropicCodec.requestBody("m", Request.of(Message.user("x")), true, 9)
                .get("stream")
                .asBoolean())
        .isTrue();
  }

  @Test
  void theSystemPromptIsTopLevelAndNeverAMessage() {
    JsonNode body = body(Request.of(Message.system("Be terse."), Message.user("Hi")));
    assertThat(body.get("system").asText()).isEqualTo("Be terse.");
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
  }

  @Test
  void severalSystemMessagesBecomeTextBlocksInOrder() {
    JsonNode body =
        body(Request.of(Message.system("One."), Message.user("Hi"), Message.system("Two.")));
    assertThat(body.get("system"))
        .isEqualTo(
            json("[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\"}]"));
  }

  @Test
  void aMultiTurnConversationKeepsItsOrderAndRoles() {
    JsonNode body =
        body(
            Request.of(
                Message.user("What is 2+2?"), Message.assistant("4"), Message.user("And 3+3?")));
    assertThat(body.get("messages"))
        .isEqualTo(
            json(
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is 2+2?\"}]},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"4\"}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"And 3+3?\"}]}]"));
  }

  @Test
  void toolCallsAndResultsKeepTheirIdsAndResultsComeFirstInTheNextUserTurn() {
    Part.ToolCall call = new Part.ToolCall("toolu_01A", "get_weather", "{\"city\":\"Paris\"}");
    Request request =
        Request.of(
                Message.user("Weather in Paris?"),
                Message.assistant(List.of(Part.text("Checking."), call)),
                Message.toolResults(List.of(Part.ToolResult.success(call, "11 degrees"))),
                Message.user("Also, be brief."))
            .withTools(List.of(WEATHER));
    JsonNode body = body(request);
    assertThat(body.get("messages")).hasSize(3);
    assertThat(body.at("/messages/1"))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Checking.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Paris\"}}]}"));
    // The tool turn and the following user turn are one user message, results first.
    assertThat(body.at("/messages/2"))
        .isEqualTo(
            json(
                "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"toolu_01A\",\"content\":\"11 degrees\"},"
                    + "{\"type\":\"text\",\"text\":\"Also, be brief.\"}]}"));
    assertThat(body.get("tools"))
        .isEqualTo(
            json(
                "[{\"name\":\"get_weather\",\"description\":\"Current weather in a city\","
                    + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":"
                    + "{\"type\":\"string\"}},\"required\":[\"city\"]}}]"));
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void resultsAfterTextInAUserTurnAreStillMovedFirst() {
    Part.ToolCall call = new Part.ToolCall("toolu_9", "get_weather", "{}");
    Request request =
        Request.of(
            Message.user("x"),
            Message.assistant(List.of(call)),
            new Message(
                Role.USER,
                List.of(
                    Part.text("note"),
                    new Part.ToolResult("toolu_9", "get_weather", "boom", true))));
    JsonNode content = body(request).at("/messages/2/content");
    assertThat(content.get(0).get("type").asText()).isEqualTo("tool_result");
    assertThat(content.get(0).get("is_error").asBoolean()).isTrue();
    assertThat(content.get(1).get("text").asText()).isEqualTo("note");
  }

  @Test
  void argumentsThatAreNotAnObjectAreKeptAsAString() {
    Part.ToolCall call = new Part.ToolCall("call_1", "get_weather", "{\"city\": Par");
    JsonNode body =
        body(Request.of(Message.user("x"), Message.assistant(List.of(call)), Message.user("y")));
    assertThat(body.at("/messages/1/content/0/input"))
        .isEqualTo(json("{\"invalid_arguments\":\"{\\\"city\\\": Par\"}"));
  }

  @Test
  void emptyTextIsNotSentAndAnEmptyTurnIsDropped() {
    JsonNode body = body(Request.of(Message.user("a"), Message.assistant(""), Message.user("b")));
    // The empty assistant turn disappears and the two user turns merge.
    assertThat(body.get("messages")).hasSize(1);
    assertThat(body.at("/messages/0/content")).hasSize(2);
  }

  @Test
  void imagesAreBase64SourcesWithTheirMediaTypeOrUrlSources() {
    byte[] png = TestProviderContext.png(2, 2);
    Request request =
        Request.of(
            Message.user(
                List.of(
                    Part.text("What is this?"),
                    Part.image(Image.fromBytes(png)),
                    Part.image(Image.fromUrl(URI.create("https://example.com/cat.jpg"))))));
    JsonNode content = body(request).at("/messages/0/content");
    assertThat(content.get(1))
        .isEqualTo(
            json(
                "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\","
                    + "\"data\":\""
                    + Base64.getEncoder().encodeToString(png)
                    + "\"}}"));
    assertThat(content.get(2))
        .isEqualTo(
            json(
                "{\"type\":\"image\",\"source\":{\"type\":\"url\","
                    + "\"url\":\"https://example.com/cat.jpg\"}}"));
  }

  @Test
  void structuredOutputIsAForcedAnswerTool() {
    JsonNode body = body(Request.of(Message.user("Plan")).withResponseSchema(PLAN));
    assertThat(body.at("/tools/0/name").asText()).isEqualTo("plan");
    assertThat(body.at("/tools/0/input_schema")).isEqualTo(json(PLAN.json()));
    assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"plan\"}"));
  }

  @Test
  void structuredOutputWithRealToolsLetsTheModelChooseAnyTool() {
    JsonNode body =
        body(Request.of(Message.user("Plan")).withTools(List.of(WEATHER)).withResponseSchema(PLAN));
    assertThat(body.get("tools")).hasSize(2);
    assertThat(body.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/tools/1/name").asText()).isEqualTo("plan");
    assertThat(body.get("tool_choice")).isEqualTo(json("{\"type\":\"any\"}"));
  }

  @Test
  void aToolNamedLikeTheSchemaIsRejected() {
    ToolDefinition clash = new ToolDefinition("plan", "d", "{\"type\":\"object\"}");
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                body(
                    Request.of(Message.user("x"))
                        .withTools(List.of(clash))
                        .withResponseSchema(PLAN)));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("'plan'", "same name as a tool");
  }

  @Test
  void aSchemaThatIsNotJsonIsRejectedWithTheToolName() {
    ToolDefinition bad = new ToolDefinition("broken", "d", "{not json");
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> body(Request.of(Message.user("x")).withTools(List.of(bad))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("tool 'broken'", "not valid JSON");
  }

  @Test
  void anImageInASystemPromptIsRejectedWithItsPosition() {
    Message system =
        new Message(
            Role.SYSTEM, List.of(Part.image(Image.fromBytes(TestProviderContext.png(1, 1)))));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> body(Request.of(Message.user("x"), system)));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("message 1", "system", "image");
  }

  @Test
  void aToolCallInAUserTurnIsRejected() {
    Message user = Message.user(List.of(new Part.ToolCall("t", "n", "{}")));
    LlmException e = catchThrowableOfType(LlmException.class, () -> body(Request.of(user)));
    assertThat(e.getMessage()).contains("message 0", "tool call", "user turn");
  }

  @Test
  void parsesTheReferenceReply() {
    Response r =
        AnthropicCodec.parseResponse(
            json(
                "{\"id\":\"msg_01AbCdEf\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-20250514\",\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],"
                    + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,"
                    + "\"output_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                    + "\"service_tier\":\"standard\"}}"),
            null,
            TRANSPORT);
    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(10, 5, 0, 0));
    assertThat(r.message().role()).isEqualTo(Role.ASSISTANT);
  }

  @Test
  void usageCountsCacheReadsAndWritesAsInputAndReportsReadsAsCached() {
    Usage u =
        AnthropicCodec.usage(
            json(
                "{\"input_tokens\":10,\"output_tokens\":7,\"cache_creation_input_tokens\":100,"
                    + "\"cache_read_input_tokens\":1000}"),
            Usage.NONE);
    assertThat(u).isEqualTo(new Usage(1110, 7, 1000, 0, 100));
  }

  @Test
  void aRecordedCachedReplyCountsTheWholePromptWithItsCacheReadsAndWrites() {
    // Wire capture ant-json-cache-usage.json: input 3, cache writes 418, cache reads 1111.
    Response r =
        AnthropicCodec.parseResponse(
            json(WireCaptures.read("anthropic/ant-json-cache-usage.json")), null, TRANSPORT);
    assertThat(r.usage()).isEqualTo(new Usage(3 + 418 + 1111, 33, 1111, 0, 418));
  }

  @Test
  void aLaterUsageObjectWithoutCacheFieldsKeepsTheEarlierCacheCounts() {
    Usage start =
        AnthropicCodec.usage(
            json(
                "{\"input_tokens\":4,\"cache_creation_input_tokens\":20,"
                    + "\"cache_read_input_tokens\":300,\"output_tokens\":1}"),
            Usage.NONE);
    Usage delta = AnthropicCodec.usage(json("{\"input_tokens\":4,\"output_tokens\":9}"), start);
    assertThat(delta).isEqualTo(new Usage(324, 9, 300, 0, 20));
  }

  @Test
  void nullCacheFieldsCountAsZero() {
    Usage u =
        AnthropicCodec.usage(
            json(
                "{\"input_tokens\":3,\"output_tokens\":1,\"cache_creation_input_tokens\":null,"
                    + "\"cache_read_input_tokens\":null}"),
            Usage.NONE);
    assertThat(u).isEqualTo(new Usage(3, 1, 0, 0));
  }

  @Test
  void parsesToolUseBlocksIntoCallsWithTheirIdsAndThinkingIsIgnored() {
    Response r =
        AnthropicCodec.parseResponse(
            json(
                "{\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
                    + "{\"type\":\"text\",\"text\":\"Let me check.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Tokyo\"}},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_weather\",\"input\":{}}],"
                    + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}"),
            null,
            TRANSPORT);
    assertThat(r.text()).isEqualTo("Let me check.");
    assertThat(r.toolCalls())
        .containsExactly(
            new Part.ToolCall("toolu_1", "get_weather", "{\"city\":\"Tokyo\"}"),
            new Part.ToolCall("toolu_2", "get_weather", "{}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void theAnswerToolBecomesTheReplyTextAndAStop() {
    Response r =
        AnthropicCodec.parseResponse(
            json(
                "{\"content\":[{\"type\":\"text\",\"text\":\"Here you go:\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"plan\",\"input\":{\"days\":3}}],"
                    + "\"stop_reason\":\"tool_use\",\"usage\":{}}"),
            "plan",
            TRANSPORT);
    assertThat(r.text()).isEqualTo("{\"days\":3}");
    assertThat(r.hasToolCalls()).isFalse();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void realToolCallsWinOverAnAnswerInTheSameReply() {
    Response r =
        AnthropicCodec.parseResponse(
            json(
                "{\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"plan\",\"input\":{\"days\":3}}],"
                    + "\"stop_reason\":\"tool_use\"}"),
            "plan",
            TRANSPORT);
    assertThat(r.toolCalls()).extracting(Part.ToolCall::id).containsExactly("toolu_1");
    assertThat(r.text()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @ParameterizedTest
  @CsvSource({
    "end_turn,false,STOP",
    "stop_sequence,false,STOP",
    "tool_use,true,TOOL_CALLS",
    "tool_use,false,STOP",
    "max_tokens,false,LENGTH",
    "model_context_window_exceeded,false,LENGTH",
    "refusal,false,CONTENT_FILTER",
    "pause_turn,false,OTHER",
    "some_future_reason,false,OTHER"
  })
  void stopReasonsMapToFinishReasons(String stop, boolean calls, FinishReason expected) {
    assertThat(AnthropicCodec.finishReason(stop, calls)).isEqualTo(expected);
  }

  @Test
  void aReplyWithoutContentIsMalformedAndTransient() {
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> AnthropicCodec.parseResponse(json("{\"type\":\"message\"}"), null, TRANSPORT));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed", "content");
  }

  @Test
  void aToolUseWithoutAnIdIsMalformed() {
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                AnthropicCodec.parseResponse(
                    json("{\"content\":[{\"type\":\"tool_use\",\"name\":\"x\",\"input\":{}}]}"),
                    null,
                    TRANSPORT));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }
}
