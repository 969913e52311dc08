package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.spring.sample.Translator;
import dev.majordomo.testing.FakeProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code spring.main.lazy-initialization=true}, as Boot applies it: every bean lazy. */
class LazyInitializationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  MajordomoFakeAutoConfiguration.class, MajordomoAutoConfiguration.class))
          .withInitializer(
              context ->
                  context.addBeanFactoryPostProcessor(
                      new LazyInitializationBeanFactoryPostProcessor()));

  @Test
  void assistantsAreCreatedOnFirstUseAndThenAnswer() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBeanFactory().containsSingleton("translator")).isFalse();
              context.getBean(FakeProvider.class).model("m").reply("bonjour");
              assertThat(context.getBean(Translator.class).toFrench("hello")).isEqualTo("bonjour");
            });
  }

  @Test
  void aMistakeInTheConfigurationSurfacesOnFirstUseNamingTheProperty() {
    runner
        .withPropertyValues("majordomo.aliases.fast=a,,b")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Throwable failure = null;
              try {
                context.getBean(Translator.class);
              } catch (RuntimeException e) {
                failure = e;
              }
              assertThat(failure).isNotNull();
              assertThat(MajordomoAutoConfigurationTest.rootConfigException(failure))
                  .hasMessageStartingWith("majordomo.aliases.fast: ");
            });
  }

  @Test
  void aChainThatDoesNotResolveFailsTheFirstUseNamingTheProperty() {
    // Past the start-up, nothing would wait for a check in the background: it runs on the spot.
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m,missing")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Throwable failure = null;
              try {
                context.getBean(Translator.class);
              } catch (RuntimeException e) {
                failure = e;
              }
              assertThat(failure).isNotNull();
              assertThat(MajordomoAutoConfigurationTest.rootConfigException(failure))
                  .hasMessageStartingWith("majordomo.aliases.fast: ")
                  .hasMessageContaining("missing");
            });
  }
}
