package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * What an unlucky application gives the observer: OpenTelemetry turned off, a tracer that throws, a
 * target it built itself with an upper-case scheme, a call that ends without usage.
 */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class RobustnessTest {
  interface Concierge {}

  @Llm(chain = "openai/gpt-4o-mini")
  interface Desk {
    @Prompt("Where should I eat in {{city}}?")
    String recommend(String city);
  }

  @Test
  void openTelemetryTurnedOffIsObservedWithoutAFault() {
    Observer observer =
        MajordomoTelemetry.builder(OpenTelemetry.noop()).captureMessageContent(true).build();
    Target target = Target.of("openai", "gpt-4o-mini");

    assertThatCode(
            () -> {
              CallObservation call =
                  observer.callStarted(
                      new CallStart(Concierge.class, "recommend", "fast", "guest-1", true));
              try (Observation.Scope inCall = call.enter()) {
                AttemptObservation attempt =
                    observer.attemptStarted(AttemptSpanTest.start(target, true));
                try (Observation.Scope inAttempt = attempt.enter()) {
                  attempt.firstChunk(Duration.ofMillis(5));
                }
                attempt.failed(
                    ErrorKind.TRANSIENT, LlmException.http(503, null, "busy"), Duration.ZERO);
                observer.chainEvent(new ChainEvent.Retrying(target, 2, Duration.ofSeconds(1)));
                observer.chainEvent(new ChainEvent.Benched(target, Instant.EPOCH));
                ToolObservation tool = observer.toolStarted(new ToolStart("t", "call_1", "{"));
                tool.finished(new Part.ToolResult("call_1", "t", "oops", true));
                ContextSnapshot snapshot = observer.captureContext();
                try (Observation.Scope restored = snapshot.restore()) {
                  observer
                      .attemptStarted(AttemptSpanTest.start(target, false))
                      .succeeded(Response.ofText("Lyon"), Duration.ZERO);
                }
              }
              call.succeeded(null, null);
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aTracerThatThrowsCostsTheTracesNotTheCall() throws Exception {
    Tracer broken =
        name -> {
          throw new IllegalStateException("the tracer is broken");
        };
    OpenTelemetry faulty =
        new OpenTelemetry() {
          @Override
          public TracerProvider getTracerProvider() {
            return new TracerProvider() {
              @Override
              public Tracer get(String instrumentationScopeName) {
                return broken;
              }

              @Override
              public Tracer get(
                  String instrumentationScopeName, String instrumentationScopeVersion) {
                return broken;
              }
            };
          }

          @Override
          public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
          }
        };
    try (MockWebServer openai = new MockWebServer()) {
      openai.start();
      openai.enqueue(Loopback.openAiText("The market hall."));
      Registry registry =
          Registry.builder()
              .env(
                  Map.of(
                      "OPENAI_API_KEY",
                      "sk-openai-test",
                      "OPENAI_BASE_URL",
                      openai.url("/v1").toString()))
              .time(new FakeTimeSource())
              .observer(MajordomoTelemetry.create(faulty))
              .build();

      assertThat(Assistants.create(Desk.class, registry).recommend("Lyon"))
          .isEqualTo("The market hall.");
    }
  }

  @Test
  void aSchemeInUpperCaseIsTheConventionsLowerCaseProviderName() {
    assertThat(ProviderNames.of(Target.of("OpenAI", "gpt-4o-mini"))).isEqualTo("openai");
    assertThat(ProviderNames.of(Target.of("Mistral", "large"))).isEqualTo("mistral_ai");
  }

  @Test
  void aReplyWithAnUnknownFinishReasonAndNoUsageIsStillRecorded() {
    try (ExportedTelemetry telemetry = new ExportedTelemetry()) {
      Observer observer = MajordomoTelemetry.create(telemetry.sdk);
      Response odd =
          new Response(Message.assistant("…"), null, FinishReason.OTHER, null, List.of());
      observer
          .attemptStarted(AttemptSpanTest.start(Target.of("openai", "gpt-4o-mini"), false))
          .succeeded(odd, Duration.ZERO);

      SpanData span = telemetry.span("chat gpt-4o-mini");
      assertThat(span.getAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS))
          .containsExactly("other");
      assertThat(span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
      assertThat(telemetry.histogram(GenAiMetrics.TOKEN_USAGE)).isEmpty();
    }
  }

  @Test
  void hugeContentIsBoundedByTheSdksAttributeLengthLimitAsTheDocsSay() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSpanLimits(SpanLimits.builder().setMaxAttributeValueLength(8192).build())
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      Observer observer = MajordomoTelemetry.builder(sdk).captureMessageContent(true).build();
      String pasted = "a pasted log line\n".repeat(100_000);
      observer
          .attemptStarted(
              new AttemptStart(
                  Target.of("openai", "gpt-4o-mini"),
                  1,
                  Request.of(Message.user(pasted)),
                  false,
                  null,
                  -1))
          .succeeded(Response.ofText(pasted), Duration.ZERO);

      SpanData span = exporter.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
          .startsWith("[{\"role\":\"user\"")
          .hasSize(8192);
      assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).hasSize(8192);
    }
  }
}
