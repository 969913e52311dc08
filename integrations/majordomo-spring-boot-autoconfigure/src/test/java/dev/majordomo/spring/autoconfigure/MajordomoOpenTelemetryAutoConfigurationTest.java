package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.opentelemetry.MajordomoTelemetry;
import dev.majordomo.spring.sample.Translator;
import dev.majordomo.testing.FakeProvider;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With an OpenTelemetry bean, every assistant call is traced; without one, nothing changes. */
class MajordomoOpenTelemetryAutoConfigurationTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoOpenTelemetryAutoConfiguration.class, MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new)
          .withPropertyValues("majordomo.aliases.fast=fake/m");

  private OpenTelemetry sdk() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
  }

  @Test
  void anOpenTelemetryBeanTracesEveryCall() {
    runner
        .withBean(OpenTelemetry.class, this::sdk)
        .run(
            context -> {
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              context.getBean(Translator.class).toFrench("Hello");
              assertThat(spans.getFinishedSpanItems())
                  .extracting(SpanData::getName)
                  .anySatisfy(name -> assertThat(name).startsWith("invoke_agent"))
                  .anySatisfy(name -> assertThat(name).startsWith("chat"));
            });
  }

  @Test
  void withoutAnOpenTelemetryBeanOrWhenTurnedOffNothingIsTraced() {
    runner.run(
        context -> {
          context.getBean(FakeProvider.class).model("m").reply("Bonjour");
          assertThat(context.getBean(Translator.class).toFrench("Hello")).isEqualTo("Bonjour");
        });
    runner
        .withBean(OpenTelemetry.class, this::sdk)
        .withPropertyValues("majordomo.opentelemetry.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("majordomoOpenTelemetry");
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              context.getBean(Translator.class).toFrench("Hello");
              assertThat(spans.getFinishedSpanItems()).isEmpty();
            });
  }

  @Test
  void withoutTheModuleTheApplicationStartsAsBefore() {
    runner
        .withClassLoader(new FilteredClassLoader(MajordomoTelemetry.class))
        .withBean(OpenTelemetry.class, this::sdk)
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean("majordomoOpenTelemetry");
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              context.getBean(Translator.class).toFrench("Hello");
              assertThat(spans.getFinishedSpanItems()).isEmpty();
            });
  }
}
