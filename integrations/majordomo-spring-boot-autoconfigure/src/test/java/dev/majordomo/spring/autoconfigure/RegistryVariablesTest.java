package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Which variables the registry reads from Spring's environment. */
class RegistryVariablesTest {

  /** An environment whose "machine" variables are the given ones, not this machine's. */
  private static StandardEnvironment environment(
      Map<String, Object> machine, Map<String, Object> applicationProperties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, machine));
    environment
        .getPropertySources()
        .addLast(new MapPropertySource("application.properties", applicationProperties));
    return environment;
  }

  @Test
  void theFakeRegistryReadsNoMachineVariableEvenOneNamedLikeATestProperty() {
    // Before: the test's LLM_FAST was looked up again by name, and the machine's LLM_FAST (a
    // higher-precedence source) came back, token included, into the fake registry.
    StandardEnvironment environment =
        environment(
            Map.of(
                "LLM_FAST", "openai://machine-token@api.openai.com/gpt-4o",
                "LLM_OTHER", "x",
                "TOKEN", "machine-token"),
            Map.of("LLM_FAST", "fake/m", "LLM_SMART", "fake/${TOKEN}"));
    assertThat(RegistryAssembly.variables(environment, false))
        .containsEntry("LLM_FAST", "fake/m")
        .containsEntry("LLM_SMART", "fake/${TOKEN}")
        .doesNotContainKey("LLM_OTHER");
  }

  @Test
  void theRealRegistryReadsTheVariableOfHighestPrecedenceWithPlaceholdersResolved() {
    StandardEnvironment environment =
        environment(
            Map.of("LLM_FAST", "from-the-machine", "TOKEN", "t"),
            Map.of(
                "LLM_FAST", "from-the-file",
                "LLM_SMART", "openai://${TOKEN}@h/m",
                "LLM_ODD", "${NOWHERE}"));
    assertThat(RegistryAssembly.variables(environment, true))
        .containsEntry("LLM_FAST", "from-the-machine")
        .containsEntry("LLM_SMART", "openai://t@h/m")
        .containsEntry("LLM_ODD", "${NOWHERE}")
        .containsEntry("TOKEN", "t");
  }
}
