package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamDecoderTest {
  private static final HttpTransport TRANSPORT =
      HttpTransport.builder(Target.of("anthropic", "m"))
          .errorParser(AnthropicErrors::parse)
          .errorMapper(AnthropicErrors::kind)
          .build();

  static final String START =
      "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
          + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":5,"
          + "\"output_tokens\":1}}}";
  static final String STOP = "{\"type\":\"message_stop\"}";

  private final List<StreamEvent> out = new ArrayList<>();

  /** The last event, with the id and model of {@link #START}. */
  private static StreamEvent.Done done(FinishReason reason) {
    return new StreamEvent.Done(reason, "msg_1", "m");
  }

  private static SseEvent event(String data) {
    String type = data.replaceFirst("^\\{\"type\":\"([a-z_]+)\".*$", "$1");
    return new SseEvent(type, data, null);
  }

  private static String textStart(int index) {
    return "{\"type\":\"content_block_start\",\"index\":"
        + index
        + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
  }

  private static String textDelta(int index, String text) {
    return "{\"type\":\"content_block_delta\",\"index\":"
        + index
        + ",\"delta\":{\"type\":\"text_delta\",\"text\":\""
        + text
        + "\"}}";
  }

  private static String toolStart(int index, String id, String name) {
    return "{\"type\":\"content_block_start\",\"index\":"
        + index
        + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"input\":{}}}";
  }

  private static String jsonDelta(int index, String partial) {
    return "{\"type\":\"content_block_delta\",\"index\":"
        + index
        + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
        + com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(partial)
        + "}}";
  }

  private static String blockStop(int index) {
    return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
  }

  private static String messageDelta(String stopReason, int outputTokens) {
    return "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + stopReason
        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
        + outputTokens
        + "}}";
  }

  private boolean feed(AnthropicStreamDecoder decoder, String... events) {
    boolean done = false;
    for (String e : events) {
      done = decoder.decode(event(e), out::add);
    }
    return done;
  }

  @Test
  void cacheCountsOfMessageStartSurviveTheCumulativeMessageDelta() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    String start =
        START.replace(
            "\"cache_read_input_tokens\":5,",
            "\"cache_read_input_tokens\":5,\"cache_creation_input_tokens\":700,");
    String delta =
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
            + "\"usage\":{\"input_tokens\":25,\"output_tokens\":15}}";
    feed(d, start, textStart(0), textDelta(0, "Hi"), blockStop(0), delta, STOP);
    assertThat(out).contains(new StreamEvent.UsageEvent(new Usage(730, 15, 5, 0, 700)));
  }

  @Test
  void textDeltasStreamAsTheyComeAndUsageAndDoneEndTheStream() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    assertThat(feed(d, START, textStart(0), "{\"type\":\"ping\"}", textDelta(0, "Hel"))).isFalse();
    assertThat(out).containsExactly(new StreamEvent.TextDelta("Hel"));
    boolean done = feed(d, textDelta(0, "lo"), blockStop(0), messageDelta("end_turn", 15), STOP);
    assertThat(done).isTrue();
    assertThat(out)
        .containsExactly(
            new StreamEvent.TextDelta("Hel"),
            new StreamEvent.TextDelta("lo"),
            new StreamEvent.UsageEvent(new Usage(30, 15, 5, 0)),
            done(FinishReason.STOP));
  }

  @Test
  void toolInputFragmentsAreAssembledIntoOneCallAtBlockStop() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, true);
    feed(
        d,
        START,
        textStart(0),
        textDelta(0, "Checking."),
        blockStop(0),
        toolStart(1, "toolu_01", "get_weather"),
        jsonDelta(1, ""),
        jsonDelta(1, "{\"city\": \"Par"),
        jsonDelta(1, "is\"}"));
    assertThat(out).containsExactly(new StreamEvent.TextDelta("Checking."));
    feed(d, blockStop(1), messageDelta("tool_use", 40), STOP);
    assertThat(out)
        .containsSubsequence(
            new StreamEvent.ToolCallEvent(
                new Part.ToolCall("toolu_01", "get_weather", "{\"city\": \"Paris\"}")),
            done(FinishReason.TOOL_CALLS));
  }

  @Test
  void aToolCallWithNoInputPiecesHasAnEmptyObject() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, true);
    feed(d, START, toolStart(0, "toolu_2", "now"), jsonDelta(0, ""), blockStop(0));
    assertThat(out)
        .containsExactly(new StreamEvent.ToolCallEvent(new Part.ToolCall("toolu_2", "now", "{}")));
  }

  @Test
  void twoToolCallsInOneTurnKeepTheirOwnIdsAndInputs() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, true);
    feed(
        d,
        START,
        toolStart(0, "toolu_a", "get_weather"),
        jsonDelta(0, "{\"city\":\"Oslo\"}"),
        blockStop(0),
        toolStart(1, "toolu_b", "get_weather"),
        jsonDelta(1, "{\"city\":\"Rome\"}"),
        blockStop(1),
        messageDelta("tool_use", 9),
        STOP);
    assertThat(out)
        .filteredOn(StreamEvent.ToolCallEvent.class::isInstance)
        .extracting(e -> ((StreamEvent.ToolCallEvent) e).call())
        .containsExactly(
            new Part.ToolCall("toolu_a", "get_weather", "{\"city\":\"Oslo\"}"),
            new Part.ToolCall("toolu_b", "get_weather", "{\"city\":\"Rome\"}"));
  }

  @Test
  void thinkingArrivesAsDeltasThenAsOneSignedPartAndUnknownEventsAreSkipped() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    feed(
        d,
        START,
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
            + "\"thinking\":\"\",\"signature\":\"\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
            + "\"thinking\":\"hmm\"}}",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
            + "\"signature\":\"sig\"}}",
        blockStop(0),
        "{\"type\":\"brand_new_event\",\"x\":1}",
        textStart(1),
        textDelta(1, "Answer"),
        blockStop(1),
        messageDelta("end_turn", 3),
        STOP);
    assertThat(out)
        .containsExactly(
            new StreamEvent.ReasoningDelta("hmm"),
            new StreamEvent.ReasoningEvent(Part.Reasoning.anthropic("hmm", "sig")),
            new StreamEvent.TextDelta("Answer"),
            new StreamEvent.UsageEvent(new Usage(30, 3, 5, 0)),
            done(FinishReason.STOP));
  }

  @Test
  void newerServersSendInputCountsInMessageDeltaToo() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    feed(
        d,
        START,
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":"
            + "{\"input_tokens\":40,\"cache_read_input_tokens\":0,\"output_tokens\":100}}",
        STOP);
    assertThat(out)
        .containsExactly(
            new StreamEvent.UsageEvent(new Usage(40, 100, 0, 0)), done(FinishReason.LENGTH));
  }

  @Test
  void theAnswerToolStreamsAsTextWhenItIsTheOnlyTool() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, "plan", false);
    feed(d, START, toolStart(0, "toolu_x", "plan"), jsonDelta(0, "{\"days\""), jsonDelta(0, ":3}"));
    assertThat(out)
        .containsExactly(new StreamEvent.TextDelta("{\"days\""), new StreamEvent.TextDelta(":3}"));
    feed(d, blockStop(0), messageDelta("tool_use", 5), STOP);
    assertThat(out).endsWith(done(FinishReason.STOP));
    assertThat(out).noneMatch(StreamEvent.ToolCallEvent.class::isInstance);
  }

  @Test
  void withRealToolsTheAnswerIsHeldUntilTheEnd() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, "plan", true);
    feed(d, START, toolStart(0, "toolu_x", "plan"), jsonDelta(0, "{\"days\":3}"), blockStop(0));
    assertThat(out).isEmpty();
    feed(d, messageDelta("tool_use", 5), STOP);
    assertThat(out)
        .containsExactly(
            new StreamEvent.TextDelta("{\"days\":3}"),
            new StreamEvent.UsageEvent(new Usage(30, 5, 5, 0)),
            done(FinishReason.STOP));
  }

  @Test
  void withRealToolsARealCallDropsTheAnswer() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, "plan", true);
    feed(
        d,
        START,
        toolStart(0, "toolu_w", "get_weather"),
        jsonDelta(0, "{}"),
        blockStop(0),
        toolStart(1, "toolu_p", "plan"),
        jsonDelta(1, "{\"days\":1}"),
        blockStop(1),
        messageDelta("tool_use", 5),
        STOP);
    assertThat(out).noneMatch(StreamEvent.TextDelta.class::isInstance);
    assertThat(out).endsWith(done(FinishReason.TOOL_CALLS));
  }

  @Test
  void anErrorEventMidStreamIsThrownWithItsKind() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    feed(d, START, textStart(0), textDelta(0, "partial"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                feed(
                    d,
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.providerCode()).contains("overloaded_error");
    assertThat(e.getMessage()).contains("Overloaded");
  }

  @Test
  void aPromptTooLongErrorEventIsAContextLengthError() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                feed(
                    d,
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"));
    assertThat(e.kind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
  }

  @Test
  void anEventThatIsNotJsonIsMalformed() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> d.decode(new SseEvent("content_block_delta", "{oops", null), out::add));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed");
  }

  @Test
  void aDeltaForABlockNeverStartedIsMalformed() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> feed(d, START, textDelta(3, "x")));
    assertThat(e.getMessage()).contains("never started");
  }

  @Test
  void endingBeforeMessageStopIsATruncatedStream() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    feed(d, START, textStart(0), textDelta(0, "cut"));
    LlmException e = catchThrowableOfType(LlmException.class, () -> d.endOfInput(out::add));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before message_stop");
  }

  @Test
  void theEventNameIsUsedWhenThePayloadHasNoType() {
    AnthropicStreamDecoder d = new AnthropicStreamDecoder(TRANSPORT, null, false);
    feed(d, START);
    assertThat(d.decode(new SseEvent("message_stop", "{}", null), out::add)).isTrue();
    assertThat(out).endsWith(done(FinishReason.OTHER));
  }
}
