package dev.majordomo.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.util.List;

/**
 * The instruments: the conventions' client metrics, with their bucket boundaries as advice (a view
 * the application configures still wins), and Majordomo's counters of the chain's work.
 */
final class GenAiMetrics {
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  static final String ATTEMPTS = "majordomo.chain.attempts";
  static final String BENCHES = "majordomo.chain.benches";

  static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  static final List<Double> SECONDS_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  private final LongHistogram tokenUsage;
  private final DoubleHistogram operationDuration;
  private final DoubleHistogram timeToFirstChunk;
  private final LongCounter attempts;
  private final LongCounter benches;

  GenAiMetrics(Meter meter) {
    tokenUsage =
        meter
            .histogramBuilder(TOKEN_USAGE)
            .ofLongs()
            .setUnit("{token}")
            .setDescription("Number of input and output tokens used.")
            .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
            .build();
    operationDuration =
        meter
            .histogramBuilder(OPERATION_DURATION)
            .setUnit("s")
            .setDescription("GenAI operation duration.")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    timeToFirstChunk =
        meter
            .histogramBuilder(TIME_TO_FIRST_CHUNK)
            .setUnit("s")
            .setDescription(
                "Time to receive the first chunk, from when the request is issued to when the"
                    + " first chunk of the response stream arrives.")
            .setExplicitBucketBoundariesAdvice(SECONDS_BUCKETS)
            .build();
    attempts =
        meter
            .counterBuilder(ATTEMPTS)
            .setUnit("{attempt}")
            .setDescription("Attempts at a target, by target and outcome.")
            .build();
    benches =
        meter
            .counterBuilder(BENCHES)
            .setUnit("{bench}")
            .setDescription("Times a failure benched a target.")
            .build();
  }

  void tokens(long count, String type, Attributes operation) {
    tokenUsage.record(count, operation.toBuilder().put(GenAiAttributes.TOKEN_TYPE, type).build());
  }

  void duration(Duration elapsed, Attributes operation) {
    operationDuration.record(seconds(elapsed), operation);
  }

  void timeToFirstChunk(Duration elapsed, Attributes operation) {
    timeToFirstChunk.record(seconds(elapsed), operation);
  }

  void attempt(Attributes attempt) {
    attempts.add(1, attempt);
  }

  void benched(Attributes target) {
    benches.add(1, target);
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
