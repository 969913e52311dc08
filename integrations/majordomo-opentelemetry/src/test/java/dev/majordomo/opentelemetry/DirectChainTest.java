package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code Chain} an application calls itself, outside any assistant: its attempts nest under the
 * application's current span, the chain's story is told on that span, and nothing stays current.
 */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class DirectChainTest {
  private final MockWebServer openai = new MockWebServer();
  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private Chain chain;

  @BeforeEach
  void start() throws Exception {
    openai.start();
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "OPENAI_API_KEY",
                    "sk-openai-test",
                    "OPENAI_BASE_URL",
                    openai.url("/v1").toString()))
            .time(new FakeTimeSource())
            .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(1))
            .observer(MajordomoTelemetry.create(telemetry.sdk))
            .build();
    chain = registry.chain("openai/gpt-4o-mini");
  }

  @AfterEach
  void stop() {
    openai.close();
    telemetry.close();
  }

  @Test
  void aCallNestsUnderTheApplicationsSpanWhichTellsTheRetry() {
    openai.enqueue(Loopback.unavailable());
    openai.enqueue(Loopback.openAiText("Lyon."));
    Span job = telemetry.sdk.getTracer("app").spanBuilder("nightly job").startSpan();
    try (io.opentelemetry.context.Scope inJob = job.makeCurrent()) {
      assertThat(chain.call(Request.of(Message.user("Where?"))).text()).isEqualTo("Lyon.");
      assertThat(Span.current()).isSameAs(job);
    }
    job.end();

    SpanData jobData = telemetry.span("nightly job");
    List<SpanData> attempts =
        telemetry.spans().stream().filter(s -> s.getName().equals("chat gpt-4o-mini")).toList();
    assertThat(attempts)
        .hasSize(2)
        .allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(jobData.getSpanId()));
    assertThat(attempts)
        .extracting(a -> attribute(a, GenAiAttributes.ATTEMPT))
        .containsExactly(1L, 2L);
    assertThat(jobData.getEvents())
        .extracting(EventData::getName)
        .containsExactly("majordomo.chain.retrying");
  }

  @Test
  void aStreamNestsUnderTheApplicationsSpanAndLeavesNothingCurrent() {
    openai.enqueue(Loopback.openAiStream("Ly", "on."));
    Span job = telemetry.sdk.getTracer("app").spanBuilder("nightly job").startSpan();
    StringBuilder text = new StringBuilder();
    try (io.opentelemetry.context.Scope inJob = job.makeCurrent();
        ResponseStream stream = chain.stream(Request.of(Message.user("Where?")))) {
      stream.forEachRemaining(event -> text.append(event));
      assertThat(Span.current()).isSameAs(job);
    }
    job.end();

    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(telemetry.span("chat gpt-4o-mini").getParentSpanId())
        .isEqualTo(telemetry.span("nightly job").getSpanId());
  }
}
