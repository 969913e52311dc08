package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a method's {@code @Llm} and {@code @Options} combine with its interface's. */
class LlmSettingsTest {
  private static final OptionsModel WARM =
      new OptionsModel(0.9, 100, List.of(), null, null, 0.95, null, 4096, "5m");
  private static final OptionsModel SLOW =
      new OptionsModel(
          null, null, List.of("END"), 7L, Duration.ofMinutes(2), null, "low", null, null);

  @Test
  void whatTheMethodSetsWinsAndWhatItLeavesUnsetIsTheInterfaces() {
    LlmSettings type = new LlmSettings("openai/a", WARM, 3);
    LlmSettings method = new LlmSettings("anthropic/b", SLOW, 5);

    LlmSettings merged = type.overriddenBy(method);

    assertThat(merged.chain()).isEqualTo("anthropic/b");
    assertThat(merged.maxToolRounds()).isEqualTo(5);
    assertThat(merged.options())
        .isEqualTo(
            new OptionsModel(
                0.9, 100, List.of("END"), 7L, Duration.ofMinutes(2), 0.95, "low", null, "5m"));
  }

  @Test
  void aMethodThatSetsNothingTakesTheInterfacesSettings() {
    LlmSettings type = new LlmSettings("openai/a", WARM, 0);
    LlmSettings method =
        new LlmSettings("", OptionsModel.NONE, LlmSettings.INHERIT_MAX_TOOL_ROUNDS);

    assertThat(type.overriddenBy(method)).isEqualTo(type);
  }

  @Test
  void roundsSetNowhereStayInheritedFromTheRegistry() {
    LlmSettings unset = new LlmSettings("", OptionsModel.NONE, LlmSettings.INHERIT_MAX_TOOL_ROUNDS);

    assertThat(unset.overriddenBy(unset).maxToolRounds())
        .isEqualTo(LlmSettings.INHERIT_MAX_TOOL_ROUNDS);
    assertThat(unset.overriddenBy(unset).chain()).isEmpty();
  }

  @Test
  void eachHistoryLimitIsInheritedSeparately() {
    LlmSettings type = new LlmSettings("openai/a", WARM, 3, 20, 4000);
    LlmSettings method = new LlmSettings("", OptionsModel.NONE, LlmSettings.INHERIT, -1, 500);

    LlmSettings merged = type.overriddenBy(method);

    assertThat(merged.maxHistoryMessages()).isEqualTo(20);
    assertThat(merged.maxHistoryTokens()).isEqualTo(500);
    assertThat(new LlmSettings("", OptionsModel.NONE, 0).overriddenBy(method))
        .extracting(LlmSettings::maxHistoryMessages, LlmSettings::maxHistoryTokens)
        .containsExactly(LlmSettings.INHERIT, 500);
  }
}
