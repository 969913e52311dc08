package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.spring.actuate.MajordomoEndpoint;
import dev.majordomo.spring.actuate.MajordomoHealthIndicator;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator and the endpoint, on the fake registry and its clock. */
class MajordomoActuatorAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoFakeAutoConfiguration.class,
                  MajordomoAutoConfiguration.class,
                  MajordomoHealthContributorAutoConfiguration.class,
                  MajordomoEndpointAutoConfiguration.class))
          .withPropertyValues(
              "majordomo.models.primary=openai://"
                  + MajordomoAutoConfigurationTest.CANARY
                  + "@api.openai.com/gpt-4o",
              "majordomo.models.backup=ollama://localhost:11434/qwen3",
              "majordomo.aliases.fast=primary,backup",
              "majordomo.aliases.solo=primary",
              "majordomo.health.failure-threshold=1",
              "management.endpoints.web.exposure.include=majordomo");

  @Test
  void anApplicationWithTwoRegistriesStillStartsWithoutTheIndicatorAndTheEndpoint() {
    // Two registries of the application's own (one per tenant, say), neither primary, and the
    // assistants off: which registry to report is unknown, so neither bean is created rather
    // than the start-up failing on an ambiguous injection.
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoAutoConfiguration.class,
                MajordomoHealthContributorAutoConfiguration.class,
                MajordomoEndpointAutoConfiguration.class))
        .withBean("tenantA", Registry.class, () -> Registry.builder().build())
        .withBean("tenantB", Registry.class, () -> Registry.builder().build())
        .withPropertyValues(
            "majordomo.assistants.enabled=false",
            "management.endpoints.web.exposure.include=majordomo")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(MajordomoHealthIndicator.class);
              assertThat(context).doesNotHaveBean(MajordomoEndpoint.class);
            });
  }

  @Test
  void upWhileEveryChainHasATargetThatIsNotBenched() {
    runner.run(
        context -> {
          Health health = context.getBean(MajordomoHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(chains(health)).containsOnlyKeys("fast", "solo");
        });
  }

  @Test
  void aRateLimitedTargetCannotAnswerUntilItsRetryAfterEnds() {
    runner
        .withPropertyValues(
            "majordomo.health.failure-threshold=3", "majordomo.failover.transient-retries=0")
        .run(
            context -> {
              FakeProvider fake = context.getBean(FakeProvider.class);
              FakeTimeSource time = context.getBean(FakeTimeSource.class);
              fake.model("primary").fail(429, "rate_limit_exceeded", Duration.ofSeconds(20));
              fake.model("backup").reply("from the backup");
              var registry = context.getBean(dev.majordomo.Registry.class);
              registry.chain("fast").call(Request.of(Message.user("hi")));

              Health health = context.getBean(MajordomoHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              Map<String, Object> solo = chain(health, "solo");
              assertThat(solo).containsEntry("canAnswer", false);
              Map<?, ?> primary = (Map<?, ?>) ((List<?>) solo.get("targets")).get(0);
              assertThat(primary.get("benched")).isEqualTo(false);
              assertThat(primary.get("rateLimited")).isEqualTo(true);
              assertThat(primary.get("rateLimitedUntil"))
                  .isEqualTo(time.now().plus(Duration.ofSeconds(20)).toString());

              time.advance(Duration.ofSeconds(21));
              assertThat(context.getBean(MajordomoHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UP);
            });
  }

  @Test
  void downWhileAChainHasEveryTargetBenchedAndUpAgainWhenTheBenchEnds() {
    runner.run(
        context -> {
          FakeProvider fake = context.getBean(FakeProvider.class);
          FakeTimeSource time = context.getBean(FakeTimeSource.class);
          fake.model("primary").fail(503).fail(503);
          fake.model("backup").reply("from the backup");
          var registry = context.getBean(dev.majordomo.Registry.class);
          registry.chain("fast").call(Request.of(Message.user("hi")));

          Health health = context.getBean(MajordomoHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          Map<String, Object> fast = chain(health, "fast");
          assertThat(fast).containsEntry("canAnswer", true);
          Map<String, Object> solo = chain(health, "solo");
          assertThat(solo).containsEntry("canAnswer", false);
          Map<?, ?> primary = (Map<?, ?>) ((List<?>) solo.get("targets")).get(0);
          assertThat(primary.get("target")).isEqualTo("fake/primary");
          assertThat(primary.get("benched")).isEqualTo(true);
          assertThat(primary.get("benchedUntil"))
              .isEqualTo(time.now().plus(Duration.ofSeconds(30)).toString());

          time.advance(Duration.ofSeconds(31));
          assertThat(context.getBean(MajordomoHealthIndicator.class).health().getStatus())
              .isEqualTo(Status.UP);
        });
  }

  @Test
  void theEndpointListsAliasesModelsAndHealthButNeverAToken() {
    runner.run(
        context -> {
          Map<String, Object> report = context.getBean(MajordomoEndpoint.class).majordomo();
          assertThat(report).containsOnlyKeys("aliases", "models", "failover");
          Map<?, ?> aliases = (Map<?, ?>) report.get("aliases");
          assertThat(((Map<?, ?>) aliases.get("fast")).get("chain")).isEqualTo("primary,backup");
          Map<?, ?> models = (Map<?, ?>) report.get("models");
          assertThat(List.copyOf(models.keySet())).isEqualTo(List.of("backup", "primary"));
          assertThat(((Map<?, ?>) models.get("primary")).get("benched")).isEqualTo(false);
          assertThat(report.toString()).doesNotContain(MajordomoAutoConfigurationTest.CANARY);
        });
  }

  @Test
  void theRealRegistryReportsTheConfiguredTargetsWithoutTheirTokens() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoAutoConfiguration.class,
                MajordomoHealthContributorAutoConfiguration.class,
                MajordomoEndpointAutoConfiguration.class))
        .withPropertyValues(
            "majordomo.models.primary=fake://"
                + MajordomoAutoConfigurationTest.CANARY
                + "@models.example:8443/first",
            "management.endpoints.web.exposure.include=majordomo")
        .withBean(FakeProvider.class, FakeProvider::new)
        .run(
            context -> {
              Map<String, Object> report = context.getBean(MajordomoEndpoint.class).majordomo();
              Map<?, ?> primary = (Map<?, ?>) ((Map<?, ?>) report.get("models")).get("primary");
              assertThat(primary.get("target")).isEqualTo("fake://models.example:8443/first");
              Health health = context.getBean(MajordomoHealthIndicator.class).health();
              assertThat(chains(health)).containsOnlyKeys("primary");
              assertThat(report.toString() + health)
                  .doesNotContain(MajordomoAutoConfigurationTest.CANARY);
            });
  }

  @Test
  void theIndicatorCanBeTurnedOff() {
    runner
        .withPropertyValues("management.health.majordomo.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(MajordomoHealthIndicator.class));
  }

  @Test
  void theEndpointIsThereOnlyWhenExposed() {
    runner
        .withPropertyValues("management.endpoints.web.exposure.include=health")
        .run(context -> assertThat(context).doesNotHaveBean(MajordomoEndpoint.class));
  }

  @Test
  void withoutActuatorNeitherIsConfigured() {
    runner
        .withClassLoader(
            new FilteredClassLoader(
                org.springframework.boot.health.contributor.HealthIndicator.class,
                org.springframework.boot.actuate.endpoint.annotation.Endpoint.class))
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(MajordomoHealthIndicator.class)
                    .doesNotHaveBean(MajordomoEndpoint.class));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> chains(Health health) {
    return (Map<String, Object>) health.getDetails().get("chains");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> chain(Health health, String name) {
    return (Map<String, Object>) chains(health).get(name);
  }

  @Test
  void withNoConfiguredNameTheIndicatorIsUpWithNoChainAndNeverResolvesAVariable() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoFakeAutoConfiguration.class,
                MajordomoAutoConfiguration.class,
                MajordomoHealthContributorAutoConfiguration.class))
        .withPropertyValues("LLM_FAST=fake/m")
        .run(
            context -> {
              Health health = context.getBean(MajordomoHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat((Map<?, ?>) health.getDetails().get("chains")).isEmpty();
              assertThat(context.getBean(FakeProvider.class).requests("m")).isEmpty();
            });
  }
}
