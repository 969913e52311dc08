package dev.majordomo.internal.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemeGrammarTest {

  @ParameterizedTest
  @ValueSource(strings = {"openai", "OpenAI", "a", "vertex+ai", "my-gw.v2", "x1"})
  void acceptsALetterThenLettersDigitsPlusDashAndDot(String text) {
    assertThat(SchemeGrammar.isScheme(text)).isTrue();
    assertThat(SchemeGrammar.firstIllegal(text, 0, text.length())).isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''        | 0",
        "1x        | 0",
        "+x        | 0",
        "fo_o      | 2",
        "ab c      | 2",
        "é         | 0",
        "aé        | 1",
        "open/ai   | 4",
      })
  void pointsAtTheFirstIllegalCharacter(String text, int index) {
    assertThat(SchemeGrammar.isScheme(text)).isFalse();
    assertThat(SchemeGrammar.firstIllegal(text, 0, text.length())).isEqualTo(index);
  }

  @Test
  void checksOnlyTheGivenRange() {
    assertThat(SchemeGrammar.firstIllegal("  ollama/qwen", 2, 8)).isEqualTo(-1);
    assertThat(SchemeGrammar.firstIllegal("  ollama/qwen", 2, 9)).isEqualTo(8);
    assertThat(SchemeGrammar.firstIllegal("ab", 1, 1)).isEqualTo(1);
  }

  @Test
  void findsTheColonOfALeadingScheme() {
    assertThat(SchemeGrammar.leadingSchemeColon("openai:/tok@h")).isEqualTo(6);
    assertThat(SchemeGrammar.leadingSchemeColon(" \t\nx+y:z")).isEqualTo(6);
    assertThat(SchemeGrammar.leadingSchemeColon("hunter2:x")).isEqualTo(7);
    assertThat(SchemeGrammar.leadingSchemeColon("fast,openai/gpt")).isEqualTo(-1);
    assertThat(SchemeGrammar.leadingSchemeColon(":x")).isEqualTo(-1);
    assertThat(SchemeGrammar.leadingSchemeColon("1x:y")).isEqualTo(-1);
    assertThat(SchemeGrammar.leadingSchemeColon("a b:c")).isEqualTo(-1);
    assertThat(SchemeGrammar.leadingSchemeColon("\u00A0x:y"))
        .as("only ASCII white space")
        .isEqualTo(-1);
  }

  @Test
  void normalizesToLowerCaseWhateverTheDefaultLocale() {
    assertThat(SchemeGrammar.normalize("OLLAMA+IT")).isEqualTo("ollama+it");
  }
}
