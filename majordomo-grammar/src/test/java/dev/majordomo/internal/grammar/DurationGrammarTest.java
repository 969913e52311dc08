package dev.majordomo.internal.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.internal.grammar.DurationGrammar.Problem;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationGrammarTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "2m, PT2M",
    "1h, PT1H",
    "007s, PT7S",
    "PT1M30S, PT1M30S",
    "pt1m30s, PT1M30S",
    "PT0.5S, PT0.5S",
    "P1D, PT24H",
    "9223372036854ms, PT2562047H47M16.854S"
  })
  void readsTheShortFormAndIso8601(String text, String iso) {
    assertThat(DurationGrammar.parse(text).duration()).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "soon", "10", "1d", "30S", "2M", "1H", "500MS", "30 s", " 30s", "30s ", "s", "-1s",
        "+1s", "1.5s", "３０s", "P", "PT", "-PT5S", "PT5", "P1M", "30s\n"
      })
  void refusesAnythingElseAsMalformed(String text) {
    assertThat(DurationGrammar.parse(text).problem()).isEqualTo(Problem.MALFORMED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "000ms", "PT0S", "PT-5S", "PT1H-61M"})
  void refusesZeroAndNegativeDurations(String text) {
    assertThat(DurationGrammar.parse(text).problem()).isEqualTo(Problem.NOT_POSITIVE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036855ms",
        "9223372036854775807m",
        "99999999999999999999s",
        "00000000000000000002562048h",
        "PT2562048H",
        "PT99999999999999999999S",
        "P106752D"
      })
  void refusesDurationsBeyondALongOfNanoseconds(String text) {
    assertThat(DurationGrammar.parse(text).problem()).isEqualTo(Problem.TOO_LONG);
  }

  @Property
  void everyPositiveMillisecondCountFittingInNanosecondsIsRead(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE / 1_000_000) long millis) {
    assertThat(DurationGrammar.parse(millis + "ms").duration())
        .isEqualTo(Duration.ofMillis(millis));
    assertThat(DurationGrammar.parse(Duration.ofMillis(millis).toString()).duration())
        .isEqualTo(Duration.ofMillis(millis));
  }
}
