package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.testing.FakeProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The check of the configured chains, which runs beside the start-up, against the application's own
 * beans that use the registry while the context starts.
 */
class ConfiguredChainCheckTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new);

  @Test
  void aBeanUsingAMisconfiguredChainAtStartUpStillHasThePropertyNamed() {
    // The bean resolves the chain on the start-up's thread while the check resolves it on its
    // own, and the bean's failure (the runtime's, which cannot know the property) stops the
    // start-up first: the check's finding, naming the property, must not be lost.
    Logger logger = Logger.getLogger(ConfiguredChainCheck.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      runner
          .withPropertyValues("majordomo.aliases.fast=fake/m,missing")
          .withBean(ResolvesAtStartUp.class)
          .run(context -> assertThat(context).hasFailed());
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(records)
        .filteredOn(r -> r.getLevel() == Level.SEVERE)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getMessage())
                    .contains("majordomo.aliases.fast: ")
                    .contains("missing"));
  }

  @Test
  void aStartUpThatFailsForAnotherReasonLogsNothingOfAGoodConfiguration() {
    Logger logger = Logger.getLogger(ConfiguredChainCheck.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      runner
          .withPropertyValues("majordomo.aliases.fast=fake/m")
          .withBean(
              "broken",
              String.class,
              () -> {
                throw new IllegalStateException("another bean's mistake");
              })
          .run(
              context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                    .hasRootCauseMessage("another bean's mistake");
              });
    } finally {
      logger.removeHandler(handler);
    }
    assertThat(records).isEmpty();
  }

  @Test
  void aBeanUsingAWellConfiguredChainAtStartUpGetsIt() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withBean(ResolvesAtStartUp.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ResolvesAtStartUp.class).resolved).isTrue();
            });
  }

  /** An application bean that resolves a configured chain when it is created. */
  static final class ResolvesAtStartUp {
    final boolean resolved;

    ResolvesAtStartUp(Registry registry) {
      resolved = registry.chain("fast") != null;
    }
  }
}
