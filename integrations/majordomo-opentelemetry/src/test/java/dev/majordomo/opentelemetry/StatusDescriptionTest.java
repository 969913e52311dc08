package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Target;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A span's status description is an exception's message: Majordomo's own failures say what went
 * wrong, but a message that may quote the model's reply or the application's data (a reply that
 * does not decode, a tool's exception) is content, and stays out unless content is captured.
 */
class StatusDescriptionTest {
  interface Concierge {}

  private final ExportedTelemetry telemetry = new ExportedTelemetry();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private static CallStart call() {
    return new CallStart(Concierge.class, "recommend", "fast", null, false);
  }

  /** What the decoder says of a reply it cannot read: it quotes the reply. */
  private static JsonDecodingException undecodable() {
    return new JsonDecodingException(
        "$.city", "$.city: expected a string but found an object ({\"home\":\"12 Rue Secrète\"})");
  }

  @Test
  void aReplyThatDoesNotDecodeIsNotQuotedWhenContentIsNotCaptured() {
    Observer observer = MajordomoTelemetry.create(telemetry.sdk);
    observer.callStarted(call()).failed(undecodable());

    SpanData span = telemetry.span("invoke_agent Concierge");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEmpty();
    assertThat(attribute(span, GenAiAttributes.ERROR_TYPE))
        .isEqualTo(JsonDecodingException.class.getName());
  }

  @Test
  void aToolsExceptionIsNotQuotedWhenContentIsNotCaptured() {
    Observer observer = MajordomoTelemetry.create(telemetry.sdk);
    CallObservation call = observer.callStarted(call());
    ToolObservation tool = observer.toolStarted(new ToolStart("lookUp", "call_1", "{}"));
    IllegalStateException thrown =
        new IllegalStateException("cannot reach jdbc:postgresql://db/app?password=hunter2");
    tool.failed(thrown);
    call.failed(thrown);

    for (SpanData span : telemetry.spans()) {
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getStatus().getDescription()).as(span.getName()).isEmpty();
      assertThat(attribute(span, GenAiAttributes.ERROR_TYPE))
          .isEqualTo(IllegalStateException.class.getName());
    }
    assertThat(telemetry.spans()).hasSize(2);
  }

  @Test
  void majordomosOwnFailuresStillSayWhatWentWrong() {
    Observer observer = MajordomoTelemetry.create(telemetry.sdk);
    CallObservation call = observer.callStarted(call());
    AttemptObservation attempt =
        observer.attemptStarted(AttemptSpanTest.start(Target.of("openai", "gpt-4o-mini"), false));
    attempt.failed(
        ErrorKind.QUOTA, LlmException.http(429, null, "HTTP 429: quota exceeded"), Duration.ZERO);
    call.failed(new ChainCancelledException(List.of(), null));

    assertThat(telemetry.span("chat gpt-4o-mini").getStatus().getDescription())
        .contains("quota exceeded");
    assertThat(telemetry.span("invoke_agent Concierge").getStatus().getDescription())
        .contains("the chain call was cancelled");
  }

  @Test
  void aCapturedReplyIsQuotedInTheDescriptionToo() {
    Observer observer =
        MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build();
    observer.callStarted(call()).failed(undecodable());

    assertThat(telemetry.span("invoke_agent Concierge").getStatus().getDescription())
        .contains("12 Rue Secrète");
  }

  @Test
  void aUrlInACapturedToolErrorLosesItsSignature() {
    Observer observer =
        MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build();
    ToolObservation tool = observer.toolStarted(new ToolStart("fetch", "call_1", "{}"));
    tool.finished(
        new Part.ToolResult(
            "call_1", "fetch", "403 from https://cdn.example.com/a.png?Signature=abc123", true));

    assertThat(telemetry.span("execute_tool fetch").getStatus().getDescription())
        .isEqualTo("403 from https://cdn.example.com/a.png");
  }
}
