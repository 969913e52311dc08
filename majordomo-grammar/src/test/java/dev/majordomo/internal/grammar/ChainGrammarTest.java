package dev.majordomo.internal.grammar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChainGrammarTest {

  @Test
  void readsNamesAndModelReferences() {
    assertThat(ChainGrammar.parse(" Fast ,\tOllama/qwen3:8b,openrouter/anthropic/Claude"))
        .containsExactly(
            new ParsedElement.Name("fast"),
            new ParsedElement.ModelRef("ollama", "qwen3:8b"),
            new ParsedElement.ModelRef("openrouter", "anthropic/Claude"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fast,,thinking  | 5  | ''",
        "fast,           | 5  | ''",
        ",fast           | 0  | ''",
        "fast mini       | 4  | fast mini",
        "1fast           | 0  | 1fast",
        "fa$t            | 2  | fa$t",
        "/gpt            | 0  | /gpt",
        "1x/gpt          | 0  | 1x/gpt",
        "o_ai/gpt        | 1  | o_ai/gpt",
        "openai/         | 7  | openai/",
        "a, b/c d        | 6  | b/c d",
      })
  void pointsAtTheProblemAndNamesTheElement(String chain, int index, String element) {
    assertThatThrownBy(() -> ChainGrammar.parse(chain))
        .isInstanceOfSatisfying(
            GrammarException.class,
            e -> {
              assertThat(e.text()).isEqualTo(chain);
              assertThat(e.index()).isEqualTo(index);
              assertThat(e.element()).isEqualTo(element);
              assertThat(e.getMessage()).isEqualTo(e.problem() + " at index " + index);
            });
  }

  @Test
  void describesTheCharacterAtFault() {
    assertThatThrownBy(() -> ChainGrammar.parse("fast\u00A0mini"))
        .hasMessage("white space (U+00A0 NO-BREAK SPACE) in element \"fast\u00A0mini\" at index 4");
    assertThatThrownBy(() -> ChainGrammar.parse("o_ai/gpt"))
        .hasMessage(
            "illegal character '_' (U+005F) in the scheme of model reference \"o_ai/gpt\""
                + " (a scheme holds letters, digits, \"+\", \"-\" and \".\") at index 1");
    assertThatThrownBy(() -> ChainGrammar.parse("x/a\u0007b"))
        .hasMessageStartingWith("illegal character (U+0007 ")
        .hasMessageEndingWith(") in the model id of \"x/a\\u0007b\" at index 3");
  }

  @Test
  void refusesNullAndBlankChainsAsAWhole() {
    assertThatThrownBy(() -> ChainGrammar.parse(null))
        .isInstanceOfSatisfying(GrammarException.class, e -> assertThat(e.element()).isNull());
    assertThatThrownBy(() -> ChainGrammar.parse(" \t"))
        .isInstanceOfSatisfying(
            GrammarException.class, e -> assertThat(e.problem()).isEqualTo("the chain is empty"));
  }

  @Test
  void checksSingleNamesAndModelReferences() {
    assertThat(ChainGrammar.name("Fast-Mini.2")).isEqualTo("fast-mini.2");
    assertThat(ChainGrammar.modelRefScheme("OLLAMA", "Qwen3:8B")).isEqualTo("ollama");
    assertThatThrownBy(() -> ChainGrammar.name("")).hasMessageContaining("cannot be empty");
    assertThatThrownBy(() -> ChainGrammar.modelRefScheme("a/b", "m"))
        .isInstanceOfSatisfying(GrammarException.class, e -> assertThat(e.index()).isEqualTo(1));
    assertThatThrownBy(() -> ChainGrammar.modelRefScheme("a", "m,n"))
        .isInstanceOfSatisfying(GrammarException.class, e -> assertThat(e.index()).isEqualTo(3));
  }
}
