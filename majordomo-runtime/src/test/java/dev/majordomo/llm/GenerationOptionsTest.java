package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code topP}: unset by default, checked to lie within [0, 1], kept and merged like the rest. */
class GenerationOptionsTest {

  @Test
  void topPIsUnsetByDefaultAndInTheFiveArgumentForm() {
    assertThat(GenerationOptions.DEFAULTS.topP()).isNull();
    assertThat(new GenerationOptions(0.2, 64, List.of(), 1L, null).topP()).isNull();
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.1, 0.95, 1.0})
  void topPWithinZeroAndOneIsKept(double value) {
    assertThat(GenerationOptions.DEFAULTS.withTopP(value).topP()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, 2, Double.NaN, Double.POSITIVE_INFINITY})
  void topPOutsideZeroAndOneIsRejectedNamingTheValue(double value) {
    assertThatThrownBy(() -> GenerationOptions.DEFAULTS.withTopP(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topP must be within [0, 1], was " + value);
  }

  @Test
  void everyWitherKeepsTopP() {
    GenerationOptions o =
        GenerationOptions.DEFAULTS
            .withTopP(0.9)
            .withTemperature(0.3)
            .withMaxTokens(10)
            .withStop(List.of("END"))
            .withSeed(7L)
            .withTimeout(Duration.ofSeconds(5));
    assertThat(o)
        .isEqualTo(new GenerationOptions(0.3, 10, List.of("END"), 7L, Duration.ofSeconds(5), 0.9));
    assertThat(o.withTopP(null).topP()).isNull();
  }

  @Test
  void overriddenByTakesTheOverridesTopPAndKeepsOursWhenItHasNone() {
    GenerationOptions base = GenerationOptions.DEFAULTS.withTopP(0.5).withTemperature(0.1);
    assertThat(base.overriddenBy(GenerationOptions.DEFAULTS.withTopP(0.8)).topP()).isEqualTo(0.8);
    assertThat(base.overriddenBy(GenerationOptions.DEFAULTS.withTemperature(0.7)))
        .isEqualTo(GenerationOptions.DEFAULTS.withTopP(0.5).withTemperature(0.7));
    assertThat(GenerationOptions.DEFAULTS.overriddenBy(base).topP()).isEqualTo(0.5);
  }
}
