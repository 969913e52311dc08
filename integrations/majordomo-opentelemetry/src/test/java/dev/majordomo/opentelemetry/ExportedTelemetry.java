package dev.majordomo.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry SDK that keeps what it exports in memory: spans as they end, metrics when read,
 * and the attributes each span had when the sampler saw it (what a sampler can decide on).
 */
final class ExportedTelemetry implements AutoCloseable {
  final InMemorySpanExporter spanExporter = InMemorySpanExporter.create();
  final InMemoryMetricReader metricReader = InMemoryMetricReader.create();
  private final Map<String, Attributes> sampled = new ConcurrentHashMap<>();
  final OpenTelemetrySdk sdk;

  ExportedTelemetry() {
    Sampler recordingSampler =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parentContext,
              String traceId,
              String name,
              SpanKind spanKind,
              Attributes attributes,
              List<LinkData> parentLinks) {
            sampled.put(name, attributes);
            return SamplingResult.recordAndSample();
          }

          @Override
          public String getDescription() {
            return "records what it is shown";
          }
        };
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(recordingSampler)
                    .addSpanProcessor(SimpleSpanProcessor.create(spanExporter))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metricReader).build())
            .build();
  }

  List<SpanData> spans() {
    return spanExporter.getFinishedSpanItems();
  }

  SpanData span(String name) {
    List<SpanData> named = spans().stream().filter(s -> s.getName().equals(name)).toList();
    if (named.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", found " + names(spans()));
    }
    return named.get(0);
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** The attributes the sampler saw when the span named {@code name} started. */
  Attributes sampledAttributes(String name) {
    return sampled.get(name);
  }

  /** Every metric read now, by name. */
  Map<String, MetricData> metrics() {
    Collection<MetricData> all = metricReader.collectAllMetrics();
    return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
  }

  List<HistogramPointData> histogram(String name) {
    MetricData metric = metrics().get(name);
    return metric == null ? List.of() : new ArrayList<>(metric.getHistogramData().getPoints());
  }

  List<LongPointData> counter(String name) {
    MetricData metric = metrics().get(name);
    return metric == null ? List.of() : new ArrayList<>(metric.getLongSumData().getPoints());
  }

  static <T> T attribute(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Override
  public void close() {
    sdk.close();
  }
}
