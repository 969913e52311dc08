package dev.majordomo.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenTelemetry SDK configured as an application would, whose exporters drop what they get: so
 * that B9 measures Majordomo's telemetry module and the SDK's recording, not an exporter's I/O.
 *
 * <p>Traces: an {@link SdkTracerProvider} with the SDK's default sampler (parent-based, always on)
 * and a {@link BatchSpanProcessor} with its default settings, exporting to an exporter that only
 * counts the spans. Metrics: an {@link SdkMeterProvider} whose {@link PeriodicMetricReader} exports
 * once a day, to an exporter that only remembers the metrics' names: the instruments record every
 * call, and nothing is collected during a run unless {@link #flushMetrics()} asks.
 */
final class NoExportSdk implements AutoCloseable {
  private static final Duration NEVER_DURING_A_RUN = Duration.ofDays(1);

  private final CountingSpanExporter spans = new CountingSpanExporter();
  private final NamingMetricExporter metrics = new NamingMetricExporter();
  private final OpenTelemetrySdk sdk;

  NoExportSdk() {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(BatchSpanProcessor.builder(spans).build())
                    .build())
            .setMeterProvider(
                SdkMeterProvider.builder()
                    .registerMetricReader(
                        PeriodicMetricReader.builder(metrics)
                            .setInterval(NEVER_DURING_A_RUN)
                            .build())
                    .build())
            .build();
  }

  /** {@return the SDK, to give {@code MajordomoTelemetry.create}} */
  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** {@return the sampler's description: the default one unless someone configured another} */
  String samplerDescription() {
    return sdk.getSdkTracerProvider().getSampler().getDescription();
  }

  /** {@return the default sampler's description, to compare {@link #samplerDescription} with} */
  static String defaultSamplerDescription() {
    return Sampler.parentBased(Sampler.alwaysOn()).getDescription();
  }

  /** Exports every ended span now and {@return how many spans were exported so far} */
  long flushSpans() {
    await(sdk.getSdkTracerProvider().forceFlush(), "flushing the spans");
    return spans.exported.get();
  }

  /** Collects the metrics now and {@return the names of those that had data} */
  Set<String> flushMetrics() {
    await(sdk.getSdkMeterProvider().forceFlush(), "collecting the metrics");
    return metrics.lastExported();
  }

  /** Shuts the SDK down, which exports what is left, and {@return the spans exported in all} */
  long shutDown() {
    await(sdk.shutdown(), "shutting the SDK down");
    return spans.exported.get();
  }

  @Override
  public void close() {
    sdk.close();
  }

  private static void await(CompletableResultCode result, String what) {
    if (!result.join(10, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException(what + " failed or took longer than 10 s");
    }
  }

  /** Counts the spans it is given, and drops them. */
  private static final class CountingSpanExporter implements SpanExporter {
    final AtomicLong exported = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      exported.addAndGet(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Remembers the names of the metrics of its last export, and drops the data. */
  private static final class NamingMetricExporter implements MetricExporter {
    private volatile Set<String> lastExported = Set.of();

    Set<String> lastExported() {
      return lastExported;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> batch) {
      Set<String> names = new TreeSet<>();
      for (MetricData metric : batch) {
        names.add(metric.getName());
      }
      lastExported = names;
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
