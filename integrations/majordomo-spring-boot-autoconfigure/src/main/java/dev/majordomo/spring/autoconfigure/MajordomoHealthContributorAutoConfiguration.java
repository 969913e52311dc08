package dev.majordomo.spring.autoconfigure;

import dev.majordomo.Registry;
import dev.majordomo.spring.actuate.MajordomoHealthIndicator;
import java.util.ArrayList;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code majordomo} health indicator, when Spring Boot's health support is on the class path
 * and {@code management.health.majordomo.enabled} is not {@code false}.
 */
@AutoConfiguration(after = {MajordomoAutoConfiguration.class, MajordomoFakeAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(Registry.class)
@ConditionalOnBean(MajordomoProperties.class)
@ConditionalOnEnabledHealthIndicator("majordomo")
public final class MajordomoHealthContributorAutoConfiguration {

  /** Created by Spring. */
  public MajordomoHealthContributorAutoConfiguration() {}

  /**
   * The health indicator over the configured aliases, or the configured models when there is no
   * alias.
   *
   * @param registry the registry
   * @param properties the configured names
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "majordomoHealthIndicator")
  public MajordomoHealthIndicator majordomoHealthIndicator(
      Registry registry, MajordomoProperties properties) {
    return new MajordomoHealthIndicator(
        registry,
        new ArrayList<>(
            properties.getAliases().isEmpty()
                ? properties.getModels().keySet()
                : properties.getAliases().keySet()));
  }
}
