package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reasoning and prompt-cache settings of {@link GenerationOptions}: checks, merging, mapping.
 */
class ReasoningOptionsTest {

  @Test
  void unsetByDefaultAndInTheShorterForms() {
    assertThat(GenerationOptions.DEFAULTS.reasoningEffort()).isNull();
    assertThat(GenerationOptions.DEFAULTS.reasoningBudgetTokens()).isNull();
    assertThat(GenerationOptions.DEFAULTS.promptCache()).isNull();
    assertThat(GenerationOptions.DEFAULTS.reasoningRequested()).isFalse();
    assertThat(new GenerationOptions(0.2, 64, List.of(), 1L, null, 0.5).promptCache()).isNull();
  }

  @Test
  void everyWitherKeepsTheOthers() {
    GenerationOptions o =
        GenerationOptions.DEFAULTS
            .withReasoningEffort(ReasoningEffort.LOW)
            .withReasoningBudgetTokens(2048)
            .withPromptCache(PromptCache.ONE_HOUR)
            .withTemperature(0.3)
            .withMaxTokens(10)
            .withStop(List.of("END"))
            .withSeed(7L)
            .withTimeout(Duration.ofSeconds(5))
            .withTopP(0.9);
    assertThat(o)
        .isEqualTo(
            new GenerationOptions(
                0.3,
                10,
                List.of("END"),
                7L,
                Duration.ofSeconds(5),
                0.9,
                ReasoningEffort.LOW,
                2048,
                PromptCache.ONE_HOUR));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 1023})
  void aBudgetBelowAnthropicsMinimumIsRejectedNamingIt(int budget) {
    assertThatThrownBy(() -> GenerationOptions.DEFAULTS.withReasoningBudgetTokens(budget))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reasoningBudgetTokens must be at least 1024 (Anthropic's minimum), was " + budget);
  }

  @Test
  void aBudgetWithTheEffortNoneIsAContradiction() {
    GenerationOptions none = GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.NONE);
    assertThatThrownBy(() -> none.withReasoningBudgetTokens(2048))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reasoningBudgetTokens (2048) contradicts reasoningEffort NONE: set one of them");
  }

  @Test
  void anOverrideThatSetsEitherReasoningFieldReplacesBoth() {
    GenerationOptions type =
        GenerationOptions.DEFAULTS
            .withReasoningBudgetTokens(4000)
            .withPromptCache(PromptCache.FIVE_MINUTES);

    GenerationOptions off =
        type.overriddenBy(GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.NONE));
    assertThat(off.reasoningEffort()).isEqualTo(ReasoningEffort.NONE);
    assertThat(off.reasoningBudgetTokens()).isNull();
    assertThat(off.promptCache()).isEqualTo(PromptCache.FIVE_MINUTES);
    assertThat(off.reasoningRequested()).isFalse();

    GenerationOptions unrelated = type.overriddenBy(GenerationOptions.DEFAULTS.withSeed(1L));
    assertThat(unrelated.reasoningBudgetTokens()).isEqualTo(4000);
    assertThat(
            type.overriddenBy(GenerationOptions.DEFAULTS.withPromptCache(PromptCache.OFF))
                .promptCache())
        .isEqualTo(PromptCache.OFF);
  }

  @ParameterizedTest
  @CsvSource({"MINIMAL, 1024", "LOW, 4096", "MEDIUM, 8192", "HIGH, 16384"})
  void anEffortStandsForABudgetOnAnthropic(ReasoningEffort effort, int budget) {
    GenerationOptions o = GenerationOptions.DEFAULTS.withReasoningEffort(effort);
    assertThat(o.reasoningRequested()).isTrue();
    assertThat(o.effectiveReasoningBudgetTokens()).isEqualTo(budget);
    assertThat(o.effectiveReasoningEffort()).isEqualTo(effort);
  }

  @ParameterizedTest
  @CsvSource({
    "1024, LOW",
    "4095, LOW",
    "4096, MEDIUM",
    "16383, MEDIUM",
    "16384, HIGH",
    "64000, HIGH"
  })
  void aBudgetStandsForAnEffortWhereTheWireTakesOne(int budget, ReasoningEffort effort) {
    GenerationOptions o = GenerationOptions.DEFAULTS.withReasoningBudgetTokens(budget);
    assertThat(o.effectiveReasoningEffort()).isEqualTo(effort);
    assertThat(o.effectiveReasoningBudgetTokens()).isEqualTo(budget);
    assertThat(o.withReasoningEffort(ReasoningEffort.MINIMAL).effectiveReasoningEffort())
        .isEqualTo(ReasoningEffort.MINIMAL);
  }

  @Test
  void noneAsksForNoThinking() {
    GenerationOptions none = GenerationOptions.DEFAULTS.withReasoningEffort(ReasoningEffort.NONE);
    assertThat(none.effectiveReasoningBudgetTokens()).isNull();
    assertThat(none.effectiveReasoningEffort()).isEqualTo(ReasoningEffort.NONE);
  }

  @Test
  void namesParseCaseAsideAndUnknownOnesAreNamed() {
    assertThat(ReasoningEffort.parse("High")).isEqualTo(ReasoningEffort.HIGH);
    assertThat(PromptCache.parse("1H")).isEqualTo(PromptCache.ONE_HOUR);
    assertThat(PromptCache.FIVE_MINUTES.ttl()).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> ReasoningEffort.parse("max"))
        .hasMessage(
            "unknown reasoning effort \"max\": expected none, minimal, low, medium or high");
    assertThatThrownBy(() -> PromptCache.parse("2h"))
        .hasMessage("unknown prompt cache setting \"2h\": expected off, 5m or 1h");
  }

  @Test
  void reasoningPartsKeepTheirOpaqueDataOutOfToString() {
    Part.Reasoning thinking = Part.Reasoning.anthropic("Let me think.", "EqQBCgIYAhIM".repeat(50));
    assertThat(thinking.isFrom(Part.Reasoning.ANTHROPIC)).isTrue();
    assertThat(thinking.isFrom(Part.Reasoning.OLLAMA)).isFalse();
    assertThat(thinking.isRedacted()).isFalse();
    assertThat(thinking.toString())
        .isEqualTo(
            "Reasoning[text=Let me think., signature=600 chars, redacted=false, origin=anthropic]");

    Part.Reasoning redacted = Part.Reasoning.anthropicRedacted("EmwKAhgBEgy3va3pzix");
    assertThat(redacted.text()).isEmpty();
    assertThat(redacted.isRedacted()).isTrue();
    assertThat(redacted.toString()).doesNotContain("EmwKAhgBEgy3va3pzix");
    assertThat(Part.Reasoning.text("hm", null).isFrom(Part.Reasoning.ANTHROPIC)).isFalse();
    assertThatThrownBy(() -> new Part.Reasoning(null, null, null, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }
}
