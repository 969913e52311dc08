package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.testing.FakeProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The start-up report of a malformed property: the property, the reason, never the token. */
class ConfigExceptionFailureAnalyzerTest {
  @Test
  void reportsThePropertyAndWhatIsWrongWithoutTheToken() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
        .withBean(FakeProvider.class, FakeProvider::new)
        .withPropertyValues(
            "majordomo.models.primary=fake://"
                + MajordomoAutoConfigurationTest.CANARY
                + "@host:notaport/m")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new ConfigExceptionFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription()).startsWith("majordomo.models.primary: ");
              assertThat(analysis.getAction()).startsWith("Correct majordomo.models.primary.");
              assertThat(analysis.getDescription() + analysis.getAction())
                  .doesNotContain(MajordomoAutoConfigurationTest.CANARY);
            });
  }

  @Test
  void isRegisteredForSpringBootsFailureReport() {
    assertThat(
            SpringFactoriesLoader.forDefaultResourceLocation()
                .load(
                    org.springframework.boot.diagnostics.FailureAnalyzer.class,
                    null,
                    // Boot's own analyzers want constructor arguments this test does not give.
                    SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {})))
        .hasAtLeastOneElementOfType(ConfigExceptionFailureAnalyzer.class);
  }
}
