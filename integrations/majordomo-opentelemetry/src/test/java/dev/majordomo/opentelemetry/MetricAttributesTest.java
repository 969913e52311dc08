package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Metric attributes stay low in cardinality: whatever a call carries (a conversation id, a reply's
 * id, the prompt with content capture on), its metrics are tagged only by what the configuration
 * bounds: operation, provider, model, server, target, outcome, error type, token type.
 */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class MetricAttributesTest {
  interface Concierge {}

  private static final Set<String> BOUNDED =
      Set.of(
          "gen_ai.operation.name",
          "gen_ai.provider.name",
          "gen_ai.request.model",
          "gen_ai.response.model",
          "gen_ai.token.type",
          "server.address",
          "server.port",
          "error.type",
          "majordomo.target",
          "majordomo.attempt.outcome");

  @Test
  void everyMetricIsTaggedOnlyByBoundedAttributes() {
    try (ExportedTelemetry telemetry = new ExportedTelemetry()) {
      Observer observer =
          MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build();
      Target target = new Target("openai", "127.0.0.1", 8080, "gpt-4o-mini");
      CallObservation call =
          observer.callStarted(
              new CallStart(Concierge.class, "recommend", "fast", "alice@example.com", true));
      try (Observation.Scope inCall = call.enter()) {
        AttemptObservation failed = observer.attemptStarted(AttemptSpanTest.start(target, true));
        failed.failed(
            ErrorKind.TRANSIENT, LlmException.http(503, null, "busy"), Duration.ofMillis(3));
        observer.chainEvent(new ChainEvent.Benched(target, Instant.EPOCH));
        AttemptObservation answered = observer.attemptStarted(AttemptSpanTest.start(target, true));
        answered.firstChunk(Duration.ofMillis(40));
        answered.succeeded(
            new Response(
                Message.assistant("Lyon"),
                new Usage(12, 4, 0, 0),
                FinishReason.STOP,
                target,
                null,
                "chatcmpl-unique-42",
                "gpt-4o-mini-2024-07-18"),
            Duration.ofMillis(90));
      }
      call.succeeded(new Usage(12, 4, 0, 0), target);

      Set<String> keys = new TreeSet<>();
      Set<String> metrics = new TreeSet<>();
      for (MetricData metric : telemetry.metrics().values()) {
        metrics.add(metric.getName());
        for (PointData point : metric.getData().getPoints()) {
          point.getAttributes().asMap().keySet().stream()
              .map(AttributeKey::getKey)
              .forEach(keys::add);
          assertThat(point.getAttributes().asMap().values())
              .as(metric.getName())
              .noneMatch(v -> String.valueOf(v).contains("alice"))
              .noneMatch(v -> String.valueOf(v).contains("chatcmpl-unique-42"));
        }
      }
      assertThat(metrics)
          .containsExactlyInAnyOrder(
              GenAiMetrics.TOKEN_USAGE,
              GenAiMetrics.OPERATION_DURATION,
              GenAiMetrics.TIME_TO_FIRST_CHUNK,
              GenAiMetrics.ATTEMPTS,
              GenAiMetrics.BENCHES);
      assertThat(keys).isSubsetOf(BOUNDED);
    }
  }
}
