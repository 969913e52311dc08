package dev.majordomo.spring.autoconfigure;

import dev.majordomo.Registry;

/**
 * Adjusts the registry that the auto-configuration builds, after the properties and the
 * application's Majordomo beans were applied and before {@link Registry.Builder#build()}: for what
 * no property covers, such as an HTTP client or a model built in code. Every customizer bean is
 * applied, in {@link org.springframework.core.annotation.Order} order. Not applied to a {@code
 * Registry} bean of the application's own.
 */
@FunctionalInterface
public interface MajordomoRegistryCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the registry's builder, already configured from the properties
   */
  void customize(Registry.Builder builder);
}
