package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.spring.sample.Translator;
import dev.majordomo.testing.FakeProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An application that defines its own {@code Registry} bean, tested with
 * {@code @AutoConfigureMajordomoFake}: the test must still run on the fake provider.
 */
class FakeReplacesOwnRegistryTest {
  /** The application's registry, which a test must never call: it points at a real provider. */
  @Configuration(proxyBeanMethods = false)
  static class OwnRegistry {
    @Bean
    Registry ownRegistry() {
      return Registry.builder()
          .env(java.util.Map.of())
          .model("fast", "openai://sk-own@127.0.0.1:9/gpt-4o?tls=false")
          .build();
    }
  }

  @Test
  void theFakeRegistryIsTheOneInjectedAndAnsweringEvenWhenTheApplicationHasItsOwn() {
    // Before: the fake registry backed off from the application's, so the test's assistants,
    // health and endpoint ran on the application's real registry.
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoFakeAutoConfiguration.class, MajordomoAutoConfiguration.class))
        .withUserConfiguration(OwnRegistry.class)
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              FakeProvider fake = context.getBean(FakeProvider.class);
              fake.model("m").reply("hola");
              Registry injected = context.getBean(Registry.class);
              assertThat(injected).isNotSameAs(context.getBean("ownRegistry"));
              assertThat(injected.chain("fast").call(Request.of(Message.user("hello"))).text())
                  .isEqualTo("hola");
              fake.model("m").reply("hallo");
              assertThat(context.getBean(Translator.class).toFrench("hello")).isEqualTo("hallo");
            });
  }

  @Test
  void theFakeRegistryDoesNotShareHealthWithTheApplicationsInstances() {
    // A test's failures must not bench the real instances' targets, nor theirs the test's.
    MajordomoAutoConfigurationTest.RecordingSharedHealth shared =
        new MajordomoAutoConfigurationTest.RecordingSharedHealth();
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MajordomoFakeAutoConfiguration.class, MajordomoAutoConfiguration.class))
        .withBean(dev.majordomo.health.SharedHealth.class, () -> shared)
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Registry.class))
                  .isSameAs(context.getBean("majordomoFakeRegistry"));
              assertThat(shared.started).isFalse();
            });
  }
}
