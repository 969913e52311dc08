package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.AttemptSpanTest.start;
import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opted-in content: the conventions' JSON of messages, replies, tool arguments and results. */
class MessageContentTest {
  private static final Target OPENAI = Target.of("openai", "gpt-4o-mini");
  private static final byte[] ONE_PIXEL_PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private final Observer observer =
      MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build();

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void theMessagesSentAndTheReplyAreRecordedAsTheConventionsJson() {
    Part.ToolCall call = new Part.ToolCall("call_1", "localTime", "{\"city\":\"Lyon\"}");
    Request request =
        Request.of(
            Message.system("Be brief."),
            Message.user("Lunch time in Lyon?"),
            Message.assistant(List.of(call)),
            Message.toolResults(List.of(Part.ToolResult.success(call, "12:30"))));

    observer
        .attemptStarted(new AttemptStart(OPENAI, 1, request, false, null, -1))
        .succeeded(
            new Response(
                Message.assistant("Yes."), new Usage(1, 1, 0, 0), FinishReason.STOP, null, null),
            Duration.ZERO);

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.INPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"Be brief.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Lunch time in"
                + " Lyon?\"}]},"
                + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                + "\"name\":\"localTime\",\"arguments\":{\"city\":\"Lyon\"}}]},"
                + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\","
                + "\"id\":\"call_1\",\"response\":\"12:30\"}]}]");
    assertThat(attribute(span, GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Yes.\"}],"
                + "\"finish_reason\":\"stop\"}]");
  }

  @Test
  void reasoningIsRecordedAsAReasoningPartWithoutItsSignature() {
    observer
        .attemptStarted(
            new AttemptStart(OPENAI, 1, Request.of(Message.user("2+2?")), false, null, -1))
        .succeeded(
            new Response(
                Message.assistant(
                    List.of(Part.Reasoning.anthropic("Easy.", "c2lnbmF0dXJl"), Part.text("4"))),
                new Usage(1, 1, 0, 0),
                FinishReason.STOP,
                null,
                null),
            Duration.ZERO);

    assertThat(attribute(telemetry.span("chat gpt-4o-mini"), GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"reasoning\",\"content\":\"Easy.\"},"
                + "{\"type\":\"text\",\"content\":\"4\"}],\"finish_reason\":\"stop\"}]");
  }

  @Test
  void aReplyThatCallsToolsFinishesWithToolCall() {
    observer
        .attemptStarted(start(OPENAI, false))
        .succeeded(
            new Response(
                Message.assistant(List.of(new Part.ToolCall("c", "f", "not json"))),
                Usage.NONE,
                FinishReason.TOOL_CALLS,
                null,
                null),
            Duration.ZERO);

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.RESPONSE_FINISH_REASONS))
        .containsExactly("tool_call");
    assertThat(attribute(span, GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c\","
                + "\"name\":\"f\",\"arguments\":\"not json\"}],\"finish_reason\":\"tool_call\"}]");
  }

  @Test
  void imagesAreNotCopiedAndAUrlLosesWhatMayCarryACredential() {
    Request request =
        Request.of(
            Message.user(
                List.of(
                    Part.text("What is this?"),
                    Part.image(
                        Image.fromUrl(
                            URI.create(
                                "https://user:pw@cdn.example.com/cat.png?X-Amz-Signature=abc#f"))),
                    Part.image(Image.fromBytes(ONE_PIXEL_PNG, "image/png")))));

    observer
        .attemptStarted(new AttemptStart(OPENAI, 1, request, false, null, -1))
        .succeeded(Response.ofText("A cat."), Duration.ZERO);

    String input = attribute(telemetry.span("chat gpt-4o-mini"), GenAiAttributes.INPUT_MESSAGES);
    assertThat(input)
        .contains(
            "{\"type\":\"uri\",\"modality\":\"image\",\"uri\":\"https://cdn.example.com/cat.png\"}",
            "{\"type\":\"image\",\"modality\":\"image\",\"mime_type\":\"image/png\",\"size\":70}")
        .doesNotContain("X-Amz-Signature", "pw@", "iVBORw0KGgo");
  }

  @Test
  void toolArgumentsAndResultsAreRecorded() {
    ToolObservation tool =
        observer.toolStarted(new ToolStart("localTime", "call_1", "{ \"city\" : \"Lyon\" }"));
    tool.finished(new Part.ToolResult("call_1", "localTime", "{\"time\":\"12:30\"}", false));

    SpanData span = telemetry.span("execute_tool localTime");
    assertThat(attribute(span, GenAiAttributes.TOOL_CALL_ARGUMENTS))
        .isEqualTo("{\"city\":\"Lyon\"}");
    assertThat(attribute(span, GenAiAttributes.TOOL_CALL_RESULT)).isEqualTo("{\"time\":\"12:30\"}");
  }

  @Test
  void aToolsErrorIsItsStatusDescriptionWhenContentIsCaptured() {
    ToolObservation tool = observer.toolStarted(new ToolStart("localTime", "call_1", "{}"));
    tool.finished(new Part.ToolResult("call_1", "localTime", "no city named Xyz", true));

    SpanData span = telemetry.span("execute_tool localTime");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("no city named Xyz");
    assertThat(attribute(span, GenAiAttributes.TOOL_CALL_RESULT))
        .as("the conventions record a result only when the tool succeeded")
        .isNull();
  }
}
