package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Boot's {@code /actuator/configprops} and {@code /actuator/env} show every value once an
 * application sets {@code show-values=always}: Boot 4 masks nothing by key or value on its own, so
 * a DSN's token would be shown unless the starter masks it.
 */
class MajordomoSanitizingFunctionTest {
  private static final String CANARY = MajordomoAutoConfigurationTest.CANARY;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoFakeAutoConfiguration.class,
                  MajordomoAutoConfiguration.class,
                  MajordomoEndpointAutoConfiguration.class,
                  ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                  EnvironmentEndpointAutoConfiguration.class,
                  MajordomoSanitizingAutoConfiguration.class))
          .withPropertyValues(
              "majordomo.models.primary=openai://" + CANARY + "@api.openai.com/gpt-4o",
              "majordomo.models.plain=ollama://localhost:11434/qwen3",
              "LLM_SPARE=anthropic://" + CANARY + "@api.anthropic.com/claude",
              "majordomo.aliases.fast=primary,plain",
              "management.endpoints.web.exposure.include=configprops,env",
              "management.endpoint.configprops.show-values=always",
              "management.endpoint.env.show-values=always");

  @Test
  void configpropsShowsTheModelsWithoutTheirTokens() {
    runner.run(
        context -> {
          var report =
              context
                  .getBean(ConfigurationPropertiesReportEndpoint.class)
                  .configurationPropertiesWithPrefix("majordomo");
          String text =
              String.valueOf(
                  report.getContexts().values().iterator().next().getBeans().values().stream()
                      .map(bean -> bean.getProperties() + " " + bean.getInputs())
                      .toList());
          assertThat(text)
              .doesNotContain(CANARY)
              .contains("openai://******@api.openai.com/gpt-4o")
              .contains("ollama://localhost:11434/qwen3")
              .contains("primary,plain");
        });
  }

  @Test
  void envShowsTheModelsAndLlmVariablesWithoutTheirTokens() {
    runner.run(
        context -> {
          EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
          assertThat(env.environmentEntry("majordomo.models.primary").getProperty().getValue())
              .isEqualTo("openai://******@api.openai.com/gpt-4o");
          assertThat(env.environmentEntry("LLM_SPARE").getProperty().getValue())
              .isEqualTo("anthropic://******@api.anthropic.com/claude");
          assertThat(env.environmentEntry("majordomo.models.plain").getProperty().getValue())
              .isEqualTo("ollama://localhost:11434/qwen3");
          String all =
              String.valueOf(
                  env.environment(null).getPropertySources().stream()
                      .map(source -> String.valueOf(source.getProperties()))
                      .toList());
          assertThat(all).doesNotContain(CANARY);
        });
  }

  @Test
  void withoutTheStartersFunctionBootWouldShowTheToken() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoFakeAutoConfiguration.class,
                MajordomoAutoConfiguration.class,
                ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class))
        .withPropertyValues(
            "majordomo.models.primary=openai://" + CANARY + "@api.openai.com/gpt-4o",
            "management.endpoints.web.exposure.include=configprops,env",
            "management.endpoint.configprops.show-values=always",
            "management.endpoint.env.show-values=always")
        .run(
            context -> {
              assertThat(
                      context
                          .getBean(EnvironmentEndpoint.class)
                          .environmentEntry("majordomo.models.primary")
                          .getProperty()
                          .getValue())
                  .asString()
                  .contains(CANARY);
              assertThat(
                      String.valueOf(
                          context
                              .getBean(ConfigurationPropertiesReportEndpoint.class)
                              .configurationPropertiesWithPrefix("majordomo")
                              .getContexts()
                              .values()
                              .iterator()
                              .next()
                              .getBeans()
                              .values()
                              .iterator()
                              .next()
                              .getProperties()))
                  .contains(CANARY);
            });
  }

  @Test
  void theRedisUrlsPasswordIsMaskedInBothEndpoints() {
    runner
        .withPropertyValues(
            "majordomo.redis.url=rediss://app:" + CANARY + "@redis.internal:6380/2",
            "MAJORDOMO_REDIS_URL=redis://:" + CANARY + "@redis.internal:6379/0")
        .run(
            context -> {
              EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
              assertThat(env.environmentEntry("majordomo.redis.url").getProperty().getValue())
                  .isEqualTo("rediss://******@redis.internal:6380/2");
              assertThat(env.environmentEntry("MAJORDOMO_REDIS_URL").getProperty().getValue())
                  .isEqualTo("redis://******@redis.internal:6379/0");
              String configprops =
                  String.valueOf(
                      context
                          .getBean(ConfigurationPropertiesReportEndpoint.class)
                          .configurationPropertiesWithPrefix("majordomo")
                          .getContexts()
                          .values()
                          .iterator()
                          .next()
                          .getBeans()
                          .values()
                          .stream()
                          .map(bean -> bean.getProperties() + " " + bean.getInputs())
                          .toList());
              assertThat(configprops)
                  .doesNotContain(CANARY)
                  .contains("rediss://******@redis.internal:6380/2");
            });
  }

  @Test
  void masksOnlyTheTokenOfOurKeysInEverySpelling() {
    DsnTokenSanitizingFunction function = new DsnTokenSanitizingFunction();
    assertThat(masked(function, "MAJORDOMO_MODELS_PRIMARY", "openai://" + CANARY + "@h/m"))
        .isEqualTo("openai://******@h/m");
    assertThat(masked(function, "llm_fast", "foreman://to%40" + CANARY + "@gw:8443/q?tls=false"))
        .isEqualTo("foreman://******@gw:8443/q?tls=false");
    // A token whose "/" was not encoded: refused by the registry, still masked whole here.
    assertThat(masked(function, "LLM_ODD", "openai://sk/" + CANARY + "@h/m"))
        .doesNotContain(CANARY);
    assertThat(masked(function, "LLM_FAST", "fast,openai/gpt-4o-mini"))
        .isEqualTo("fast,openai/gpt-4o-mini");
    assertThat(masked(function, "spring.datasource.url", "jdbc:h2:mem://a@b"))
        .isEqualTo("jdbc:h2:mem://a@b");
  }

  private static String masked(SanitizingFunction function, String key, String value) {
    return String.valueOf(function.apply(new SanitizableData(null, key, value)).getValue());
  }

  @Test
  void isAnAutoConfigurationOfTheStarter() {
    assertThat(
            org.springframework.boot.context.annotation.ImportCandidates.load(
                    org.springframework.boot.autoconfigure.AutoConfiguration.class,
                    getClass().getClassLoader())
                .getCandidates())
        .contains(MajordomoSanitizingAutoConfiguration.class.getName());
  }
}
