package dev.majordomo.spring.autoconfigure;

import dev.majordomo.opentelemetry.MajordomoTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces and metrics of every assistant call when {@code majordomo-opentelemetry} is on the class
 * path and the context has an {@link OpenTelemetry} bean (Spring Boot's, or the application's): the
 * registry gets {@code MajordomoTelemetry.create(openTelemetry)} as an observer. {@code
 * majordomo.opentelemetry.enabled=false} turns it off.
 */
@AutoConfiguration(before = MajordomoAutoConfiguration.class)
@ConditionalOnClass({MajordomoTelemetry.class, OpenTelemetry.class})
@ConditionalOnBooleanProperty(name = "majordomo.opentelemetry.enabled", matchIfMissing = true)
public final class MajordomoOpenTelemetryAutoConfiguration {

  /** Created by Spring. */
  public MajordomoOpenTelemetryAutoConfiguration() {}

  /**
   * Adds the telemetry observer to the registry, over the context's unique (or primary) {@code
   * OpenTelemetry} bean when the registry is built; nothing without one. A customizer rather than
   * an {@code Observer} bean, so that it does not depend on which auto-configuration defines the
   * {@code OpenTelemetry} bean, nor on their order.
   *
   * @param openTelemetry the context's OpenTelemetry, if any
   * @return the customizer
   */
  @Bean
  @ConditionalOnMissingBean(name = "majordomoOpenTelemetry")
  public MajordomoRegistryCustomizer majordomoOpenTelemetry(
      ObjectProvider<OpenTelemetry> openTelemetry) {
    return builder ->
        openTelemetry.ifUnique(otel -> builder.observer(MajordomoTelemetry.create(otel)));
  }
}
