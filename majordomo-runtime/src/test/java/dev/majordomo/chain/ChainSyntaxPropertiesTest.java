package dev.majordomo.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChainSyntaxPropertiesTest {

  @Property(tries = 1000)
  void arbitraryStringsEitherParseOrFailWithAnIndexInRange(@ForAll String text) {
    checkTotal(text);
  }

  @Property(tries = 1500)
  void grammarLikeStringsEitherParseOrFailWithAnIndexInRange(@ForAll("grammarSoup") String text) {
    checkTotal(text);
  }

  @Property(tries = 1000)
  void validChainsSurviveARoundTrip(@ForAll("validChains") String chain) {
    List<ChainElement> parsed = ChainSyntax.parse(chain);

    assertThat(parsed).isNotEmpty();
    assertThat(ChainSyntax.parse(ChainSyntax.format(parsed))).isEqualTo(parsed);
  }

  @Property(tries = 1000)
  void validChainsHaveOneElementPerComma(@ForAll("validChains") String chain) {
    long commas = chain.chars().filter(c -> c == ',').count();

    assertThat(ChainSyntax.parse(chain)).hasSize((int) commas + 1);
  }

  private static void checkTotal(String text) {
    try {
      List<ChainElement> parsed = ChainSyntax.parse(text);
      assertThat(parsed).isNotEmpty();
      assertThat(ChainSyntax.parse(ChainSyntax.format(parsed))).isEqualTo(parsed);
    } catch (ChainSyntaxException e) {
      assertThat(e.index()).isBetween(0, text.length());
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> grammarSoup() {
    return Arbitraries.strings().withChars("aZ09_-.+/:@, \t\n\u00A0é\u0000").ofMaxLength(30);
  }

  @Provide
  Arbitrary<String> validChains() {
    Arbitrary<String> padding = Arbitraries.of("", " ", "\t", " \t ");
    Arbitrary<String> element =
        Combinators.combine(padding, Arbitraries.oneOf(names(), modelRefs()), padding)
            .as((before, text, after) -> before + text + after);
    return element.list().ofMinSize(1).ofMaxSize(6).map(list -> String.join(",", list));
  }

  private static Arbitrary<String> names() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z');
    Arbitrary<String> rest =
        Arbitraries.strings().alpha().numeric().withChars("_-.").ofMaxLength(12);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  private static Arbitrary<String> modelRefs() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('A', 'Z');
    Arbitrary<String> rest =
        Arbitraries.strings().alpha().numeric().withChars("+-.").ofMaxLength(8);
    Arbitrary<String> id =
        Arbitraries.strings()
            .alpha()
            .numeric()
            .withChars(":/@._-+~%#?=&é€")
            .withCharRange('\u00a1', '\u00ff')
            .ofMinLength(1)
            .ofMaxLength(20);
    return Combinators.combine(first, rest, id).as((f, r, i) -> f + r + "/" + i);
  }
}
