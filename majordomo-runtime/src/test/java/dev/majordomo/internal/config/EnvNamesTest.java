package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainSyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "fast, LLM_FAST",
    "fast-mini, LLM_FAST_MINI",
    "Fast.Mini, LLM_FAST_MINI",
    "fast_mini, LLM_FAST_MINI",
    "gpt4o, LLM_GPT4O",
    "a.b-c_d, LLM_A_B_C_D",
  })
  void mapsNamesToVariables(String name, String variable) {
    assertThat(EnvNames.envVariableFor(name)).isEqualTo(variable);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"LLM_FAST, fast", "LLM_FAST_MINI, fast_mini", "LLM_M1, m1", "LLM_GPT4O_2, gpt4o_2"})
  void mapsVariablesToNames(String variable, String name) {
    assertThat(EnvNames.nameFor(variable)).isEqualTo(name);
    assertThat(EnvNames.envVariableFor(name)).isEqualTo(variable);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "fast mini", "", "ollama/x", "fäst"})
  void rejectsNamesOutsideTheChainGrammar(String name) {
    assertThatThrownBy(() -> EnvNames.envVariableFor(name))
        .isInstanceOf(ChainSyntaxException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"LLM_", "LLM_1X", "LLM_fast", "LLM_FAST-MINI", "LLM_FAST.MINI", "LLM__X", "LLM"})
  void rejectsVariablesThatNoLookupCouldRead(String variable) {
    assertThatThrownBy(() -> EnvNames.nameFor(variable))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo(variable);
              assertThat(e.getMessage()).startsWith(variable + ": ");
            });
  }

  @org.junit.jupiter.api.Test
  void suggestsTheVariableALookupWouldRead() {
    assertThatThrownBy(() -> EnvNames.nameFor("LLM_Fast-Mini"))
        .hasMessageContaining("lookups read LLM_FAST_MINI");
  }
}
