package dev.majordomo.internal.grammar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharactersTest {

  @Test
  void showsAVisibleCharacterQuotedWithItsCodePoint() {
    assertThat(Characters.describe('x')).isEqualTo("'x' (U+0078)");
    assertThat(Characters.describe('_')).isEqualTo("'_' (U+005F)");
    assertThat(Characters.describe(0x1F600)).isEqualTo("'\uD83D\uDE00' (U+1F600)");
  }

  @Test
  void namesInvisibleCharactersInsteadOfShowingThem() {
    assertThat(Characters.describe(' ')).isEqualTo("(U+0020 SPACE)");
    // Control characters' names vary between JDKs; only the code point is stable.
    assertThat(Characters.describe('\t')).startsWith("(U+0009").endsWith(")");
    assertThat(Characters.describe(0x00A0)).isEqualTo("(U+00A0 NO-BREAK SPACE)");
    assertThat(Characters.describe(0x200B)).isEqualTo("(U+200B ZERO WIDTH SPACE)");
    assertThat(Characters.describe(0x202E)).isEqualTo("(U+202E RIGHT-TO-LEFT OVERRIDE)");
    assertThat(Characters.describe(0xD800)).startsWith("(U+D800");
    assertThat(Characters.describe(0x0378)).isEqualTo("(U+0378)");
  }

  @Test
  void quotesWithEscapes() {
    assertThat(Characters.quote("a\"b\\c\td\ne\rf\u0001"))
        .isEqualTo("\"a\\\"b\\\\c\\td\\ne\\rf\\u0001\"");
  }

  @Test
  void whiteSpaceIncludesNoBreakSpacesButNotZeroWidthOnes() {
    assertThat(Characters.isWhiteSpace(0x00A0)).isTrue();
    assertThat(Characters.isWhiteSpace(0x3000)).isTrue();
    assertThat(Characters.isWhiteSpace('\n')).isTrue();
    assertThat(Characters.isWhiteSpace(0x200B)).isFalse();
    assertThat(Characters.isWhiteSpace('x')).isFalse();
  }

  @Test
  void lettersAndDigitsAreAsciiOnly() {
    assertThat(Characters.isAsciiLetter('Z')).isTrue();
    assertThat(Characters.isAsciiLetter('é')).isFalse();
    assertThat(Characters.isAsciiDigit('7')).isTrue();
    assertThat(Characters.isAsciiDigit('٣')).isFalse();
  }
}
