package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.internal.http.HttpTransport;
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

class OllamaStreamDecoderTest {
  private static final HttpTransport TRANSPORT =
      HttpTransport.builder(Target.of("ollama", "m"))
          .errorParser(OllamaErrors::parse)
          .errorMapper(OllamaErrors::kind)
          .build();

  private final List<StreamEvent> out = new ArrayList<>();
  private final OllamaStreamDecoder decoder = new OllamaStreamDecoder(TRANSPORT);

  private static String chunk(String content) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2025-07-07T20:22:19.184789Z\","
        + "\"message\":{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"done\":false}";
  }

  private static final String DONE =
      "{\"model\":\"llama3.2\",\"created_at\":\"…\",\"message\":{\"role\":\"assistant\","
          + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,"
          + "\"load_duration\":1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,"
          + "\"eval_count\":282,\"eval_duration\":4535599000}";

  @Test
  void contentPiecesAreTextDeltasAndTheDoneLineCarriesUsage() {
    assertThat(decoder.decode(chunk("The"), out::add)).isFalse();
    assertThat(decoder.decode(chunk(" sky"), out::add)).isFalse();
    assertThat(decoder.decode(DONE, out::add)).isTrue();
    assertThat(out)
        .containsExactly(
            new StreamEvent.TextDelta("The"),
            new StreamEvent.TextDelta(" sky"),
            new StreamEvent.UsageEvent(new Usage(26, 282, 0, 0)),
            new StreamEvent.Done(FinishReason.STOP, null, "llama3.2"));
  }

  @Test
  void aWholeToolCallInOneChunkIsOneEventAndTheFinishIsToolCalls() {
    decoder.decode(
        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_ab12cd34\","
            + "\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}}]},"
            + "\"done\":false}",
        out::add);
    decoder.decode(DONE, out::add);
    assertThat(out)
        .containsExactly(
            new StreamEvent.ToolCallEvent(
                new Part.ToolCall("call_ab12cd34", "get_weather", "{\"city\":\"Tokyo\"}")),
            new StreamEvent.UsageEvent(new Usage(26, 282, 0, 0)),
            new StreamEvent.Done(FinishReason.TOOL_CALLS, null, "llama3.2"));
  }

  @Test
  void thinkingIsNotPartOfTheTextButReasoningBeforeIt() {
    decoder.decode(
        "{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},\"done\":false}",
        out::add);
    decoder.decode(chunk("ok"), out::add);
    assertThat(out)
        .containsExactly(
            new StreamEvent.ReasoningDelta("hmm"),
            new StreamEvent.ReasoningEvent(
                dev.majordomo.llm.Part.Reasoning.text(
                    "hmm", dev.majordomo.llm.Part.Reasoning.OLLAMA)),
            new StreamEvent.TextDelta("ok"));
  }

  @Test
  void aLengthStopIsLength() {
    decoder.decode(
        "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"length\","
            + "\"eval_count\":16}",
        out::add);
    assertThat(out).endsWith(new StreamEvent.Done(FinishReason.LENGTH));
  }

  @Test
  void anErrorLineAfterTheHeadersIsThrownAsTransient() {
    decoder.decode(chunk("partial"), out::add);
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                decoder.decode(
                    "{\"error\":\"an error was encountered while running the model\"}", out::add));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("an error was encountered while running the model");
  }

  @Test
  void aLineThatIsNotJsonIsMalformed() {
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> decoder.decode("{\"message\":", out::add));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed");
  }

  @Test
  void endingWithoutTheDoneLineIsATruncatedStream() {
    decoder.decode(chunk("cut"), out::add);
    LlmException e = catchThrowableOfType(LlmException.class, () -> decoder.endOfInput(out::add));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before");
  }
}
