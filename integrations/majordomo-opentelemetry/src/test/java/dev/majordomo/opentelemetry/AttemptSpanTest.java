package dev.majordomo.opentelemetry;

import static dev.majordomo.opentelemetry.ExportedTelemetry.attribute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.Observer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code chat} span of an attempt and the metrics it records, driven through the SPI. */
class AttemptSpanTest {
  private static final Target OPENAI = new Target("openai", "api.openai.com", 443, "gpt-4o-mini");

  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private final Observer observer = MajordomoTelemetry.create(telemetry.sdk);

  @AfterEach
  void close() {
    telemetry.close();
  }

  @Test
  void theAttributesSamplersUseAreThereWhenTheSpanStarts() {
    Request request =
        Request.of(Message.user("Hi"))
            .withOptions(
                GenerationOptions.DEFAULTS
                    .withTemperature(0.2)
                    .withMaxTokens(256)
                    .withSeed(7L)
                    .withStop(List.of("END"))
                    .withTopP(0.9));
    AttemptObservation attempt =
        observer.attemptStarted(new AttemptStart(OPENAI, 2, request, false, "api.openai.com", 443));

    Attributes sampled = telemetry.sampledAttributes("chat gpt-4o-mini");
    assertThat(sampled.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(sampled.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(sampled.get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("gpt-4o-mini");
    assertThat(sampled.get(GenAiAttributes.SERVER_ADDRESS)).isEqualTo("api.openai.com");
    assertThat(sampled.get(GenAiAttributes.SERVER_PORT)).isEqualTo(443L);
    assertThat(sampled.get(GenAiAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
    assertThat(sampled.get(GenAiAttributes.REQUEST_MAX_TOKENS)).isEqualTo(256L);
    assertThat(sampled.get(GenAiAttributes.REQUEST_SEED)).isEqualTo(7L);
    assertThat(sampled.get(GenAiAttributes.REQUEST_TOP_P)).isEqualTo(0.9);
    assertThat(sampled.get(GenAiAttributes.REQUEST_STOP_SEQUENCES)).containsExactly("END");
    assertThat(sampled.get(GenAiAttributes.ATTEMPT)).isEqualTo(2L);
    assertThat(sampled.get(GenAiAttributes.TARGET))
        .isEqualTo("openai://api.openai.com:443/gpt-4o-mini");
    assertThat(sampled.get(GenAiAttributes.REQUEST_STREAM)).as("not a stream").isNull();
    assertThat(sampled.get(GenAiAttributes.OUTPUT_TYPE)).isNull();
    assertThat(telemetry.spans()).as("not ended yet").isEmpty();

    attempt.succeeded(Response.ofText("Hello"), Duration.ofMillis(10));
    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void cacheWritesAreRecordedAsCacheCreationAndCountInTheInput() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, false));

    attempt.succeeded(
        new Response(
            Message.assistant("Hello"),
            new Usage(1532, 33, 1111, 0, 418),
            FinishReason.STOP,
            null,
            null,
            "msg_1",
            "claude-sonnet-4-5"),
        Duration.ofMillis(10));

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(1532L);
    assertThat(attribute(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1111L);
    assertThat(attribute(span, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(418L);
  }

  @Test
  void aSuccessRecordsTheReplyTheUsageAndTheMetricsOnTheGivenClock() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, false));

    attempt.succeeded(
        new Response(
            Message.assistant("Hello"),
            new Usage(120, 30, 100, 12),
            FinishReason.LENGTH,
            null,
            null,
            "chatcmpl-9",
            "gpt-4o-mini-2024-07-18"),
        Duration.ofMillis(1500));

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-9");
    assertThat(attribute(span, GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(attribute(span, GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("length");
    assertThat(attribute(span, GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(120L);
    assertThat(attribute(span, GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(30L);
    assertThat(attribute(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(100L);
    assertThat(attribute(span, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(12L);
    assertThat(attribute(span, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS))
        .as("no cache writes reported")
        .isNull();
    assertThat(attribute(span, GenAiAttributes.INPUT_MESSAGES)).as("content is opt-in").isNull();
    assertThat(attribute(span, GenAiAttributes.OUTPUT_MESSAGES)).isNull();

    HistogramPointData duration = single(telemetry.histogram(GenAiMetrics.OPERATION_DURATION));
    assertThat(duration.getSum()).isEqualTo(1.5);
    assertThat(duration.getBoundaries()).isEqualTo(GenAiMetrics.SECONDS_BUCKETS);
    assertThat(duration.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(duration.getAttributes().get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(duration.getAttributes().get(GenAiAttributes.REQUEST_MODEL))
        .isEqualTo("gpt-4o-mini");
    assertThat(duration.getAttributes().get(GenAiAttributes.SERVER_ADDRESS))
        .isEqualTo("api.openai.com");
    assertThat(duration.getAttributes().get(GenAiAttributes.RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(duration.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNull();

    List<HistogramPointData> tokens = telemetry.histogram(GenAiMetrics.TOKEN_USAGE);
    assertThat(tokens)
        .extracting(p -> p.getAttributes().get(GenAiAttributes.TOKEN_TYPE), p -> p.getSum())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("input", 120.0),
            org.assertj.core.groups.Tuple.tuple("output", 30.0));
    assertThat(tokens.get(0).getAttributes().get(GenAiAttributes.RESPONSE_MODEL))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(tokens.get(0).getBoundaries())
        .isEqualTo(GenAiMetrics.TOKEN_BUCKETS.stream().map(Long::doubleValue).toList());

    LongPointData attempts = single(telemetry.counter(GenAiMetrics.ATTEMPTS));
    assertThat(attempts.getValue()).isEqualTo(1);
    assertThat(attempts.getAttributes().get(GenAiAttributes.OUTCOME)).isEqualTo("succeeded");
    assertThat(attempts.getAttributes().get(GenAiAttributes.TARGET))
        .isEqualTo("openai://api.openai.com:443/gpt-4o-mini");
    assertThat(telemetry.histogram(GenAiMetrics.TIME_TO_FIRST_CHUNK)).as("not a stream").isEmpty();
  }

  @Test
  void aReplyWithoutUsageRecordsNoTokens() {
    observer.attemptStarted(start(OPENAI, false)).succeeded(Response.ofText("Hi"), Duration.ZERO);

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
    assertThat(attribute(span, GenAiAttributes.RESPONSE_ID)).isNull();
    assertThat(attribute(span, GenAiAttributes.RESPONSE_MODEL)).isNull();
    assertThat(attribute(span, GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(telemetry.histogram(GenAiMetrics.TOKEN_USAGE)).isEmpty();
    assertThat(telemetry.histogram(GenAiMetrics.OPERATION_DURATION)).hasSize(1);
  }

  @Test
  void aFailureHasItsKindAsErrorTypeOnTheSpanAndTheMetrics() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, false));

    attempt.failed(
        ErrorKind.TRANSIENT,
        LlmException.http(503, "server_error", "overloaded"),
        Duration.ofMillis(250));

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).contains("overloaded");
    assertThat(attribute(span, GenAiAttributes.ERROR_TYPE)).isEqualTo("transient");
    assertThat(span.getEvents()).as("no exception event: the conventions ask for a log").isEmpty();

    HistogramPointData duration = single(telemetry.histogram(GenAiMetrics.OPERATION_DURATION));
    assertThat(duration.getSum()).isEqualTo(0.25);
    assertThat(duration.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("transient");
    LongPointData attempts = single(telemetry.counter(GenAiMetrics.ATTEMPTS));
    assertThat(attempts.getAttributes().get(GenAiAttributes.OUTCOME)).isEqualTo("failed");
    assertThat(attempts.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("transient");
  }

  @Test
  void aTargetThatCannotServeCountsAsSkipped() {
    observer
        .attemptStarted(start(OPENAI, false))
        .failed(
            ErrorKind.CANNOT_SERVE,
            LlmException.builder(ErrorKind.CANNOT_SERVE, "no image support").build(),
            Duration.ZERO);

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.ERROR_TYPE)).isEqualTo("cannot_serve");
    LongPointData attempts = single(telemetry.counter(GenAiMetrics.ATTEMPTS));
    assertThat(attempts.getAttributes().get(GenAiAttributes.OUTCOME)).isEqualTo("skipped");
  }

  @Test
  void aStreamRecordsItsFlagAndTheTimeToFirstChunk() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, true));
    assertThat(telemetry.sampledAttributes("chat gpt-4o-mini").get(GenAiAttributes.REQUEST_STREAM))
        .isTrue();

    attempt.firstChunk(Duration.ofMillis(320));
    attempt.succeeded(Response.ofText("Hello there"), Duration.ofSeconds(2));

    SpanData span = telemetry.span("chat gpt-4o-mini");
    assertThat(attribute(span, GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK)).isEqualTo(0.32);
    HistogramPointData ttfc = single(telemetry.histogram(GenAiMetrics.TIME_TO_FIRST_CHUNK));
    assertThat(ttfc.getSum()).isEqualTo(0.32);
    assertThat(ttfc.getBoundaries()).isEqualTo(GenAiMetrics.SECONDS_BUCKETS);
    assertThat(single(telemetry.histogram(GenAiMetrics.OPERATION_DURATION)).getSum())
        .isEqualTo(2.0);
  }

  @Test
  void aStreamClosedEarlyFailsAsCancelled() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, true));
    attempt.firstChunk(Duration.ofMillis(5));

    attempt.failed(ErrorKind.CANCELLED, new CancellationException("closed"), Duration.ofMillis(9));

    assertThat(attribute(telemetry.span("chat gpt-4o-mini"), GenAiAttributes.ERROR_TYPE))
        .isEqualTo("cancelled");
  }

  @Test
  void aTargetOnTheProvidersDefaultHostAndModelIsNamedAsTheConventionsSay() {
    observer
        .attemptStarted(
            new AttemptStart(
                new Target("foreman", null, -1, null),
                1,
                Request.of(Message.user("Hi")),
                false,
                null,
                -1))
        .succeeded(Response.ofText("Hi"), Duration.ZERO);

    SpanData span = telemetry.span("chat");
    assertThat(attribute(span, GenAiAttributes.PROVIDER_NAME)).isEqualTo("foreman");
    assertThat(attribute(span, GenAiAttributes.REQUEST_MODEL)).isNull();
    assertThat(attribute(span, GenAiAttributes.SERVER_ADDRESS)).isNull();
    assertThat(attribute(span, GenAiAttributes.SERVER_PORT)).isNull();
  }

  @Test
  void aRequestForJsonSaysSo() {
    Request request =
        Request.of(Message.user("Hi"))
            .withResponseSchema(new ResponseSchema("Answer", "{\"type\":\"object\"}"));
    observer
        .attemptStarted(new AttemptStart(OPENAI, 1, request, false, null, -1))
        .succeeded(Response.ofText("{}"), Duration.ZERO);

    assertThat(attribute(telemetry.span("chat gpt-4o-mini"), GenAiAttributes.OUTPUT_TYPE))
        .isEqualTo("json");
  }

  @Test
  void anObservationEndedTwiceIsRecordedOnce() {
    AttemptObservation attempt = observer.attemptStarted(start(OPENAI, false));
    attempt.succeeded(Response.ofText("Hi"), Duration.ZERO);
    attempt.failed(ErrorKind.TRANSIENT, new IllegalStateException("late"), Duration.ZERO);

    assertThat(telemetry.spans()).hasSize(1);
    assertThat(telemetry.span("chat gpt-4o-mini").getStatus().getStatusCode())
        .isEqualTo(StatusCode.UNSET);
    assertThat(single(telemetry.counter(GenAiMetrics.ATTEMPTS)).getValue()).isEqualTo(1);
  }

  @Test
  void providerNamesFollowTheConventionsWhereTheySpellThemOtherwise() {
    assertThat(ProviderNames.of(Target.of("anthropic", "claude"))).isEqualTo("anthropic");
    assertThat(ProviderNames.of(Target.of("ollama", "qwen3"))).isEqualTo("ollama");
    assertThat(ProviderNames.of(Target.of("mistral", "large"))).isEqualTo("mistral_ai");
  }

  static AttemptStart start(Target target, boolean stream) {
    return new AttemptStart(
        target, 1, Request.of(Message.user("Hi")), stream, target.host(), target.port());
  }

  static <T> T single(List<T> points) {
    assertThat(points).hasSize(1);
    return points.get(0);
  }
}
