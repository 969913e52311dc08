package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.ConfigException;
import dev.majordomo.internal.config.EnvEntry.ModelEntry;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DsnPropertiesTest {
  private static final String CANARY = "qqsecretqq";

  @Property(tries = 1000)
  void arbitraryValuesParseOrFailWithAConfigException(@ForAll String value) {
    check(value);
  }

  @Property(tries = 1500)
  void dsnLikeValuesParseOrFailWithAConfigException(@ForAll("dsnSoup") String tail) {
    check("x://" + tail);
    check(tail);
  }

  @Property(tries = 1500)
  void theTokenNeverShowsWhateverFollowsIt(@ForAll("dsnSoup") String tail) {
    String value = "foreman://" + CANARY + "@" + tail;
    String shown;
    try {
      EnvEntry entry = Dsn.parse("LLM_P", value, DsnTest.KEYS);
      // "@" in the tail belongs to the token: the last "@" before the path ends it.
      assertThat(((ModelEntry) entry).spec().token().reveal()).startsWith(CANARY);
      shown = entry.toString();
    } catch (ConfigException e) {
      shown = e.getMessage() + e;
    }
    assertThat(shown.toLowerCase(Locale.ROOT)).doesNotContain("secret");
  }

  @Property(tries = 1500)
  void aTokenWithAnUnencodedDelimiterIsRefusedAndNeverShown(
      @ForAll("tokenHalf") String head,
      @ForAll("delimiter") char delimiter,
      @ForAll("tokenHalf") String tail,
      @ForAll("dsnSoup") String rest) {
    // With no "@" before the first "/", "?" or "#", a later "@" could end a token: refused whole.
    String value = "openai://" + CANARY + head + delimiter + tail + CANARY + "@" + rest;
    ConfigException e = null;
    try {
      Dsn.parse("LLM_P", value, DsnTest.KEYS);
    } catch (ConfigException refused) {
      e = refused;
    }
    assertThat(e).as("refused").isNotNull();
    assertThat((e.getMessage() + e).toLowerCase(Locale.ROOT)).doesNotContain("secret");
  }

  @Property(tries = 1500)
  void whatPrecedesAnAtNeverShows(
      @ForAll("dsnSoup") String before, @ForAll("dsnSoup") String after) {
    // Whatever the text before an "@" is, it may be (part of) a token: it is either the token
    // (masked), or the DSN is refused without quoting it.
    String value = "openai://" + before + CANARY + "@" + after;
    String head = before + CANARY;
    int authorityEnd = head.length();
    for (char delimiter : new char[] {'/', '?', '#'}) {
      int at = head.indexOf(delimiter);
      authorityEnd = at >= 0 ? Math.min(authorityEnd, at) : authorityEnd;
    }
    // An "@" in the authority ends the token: a later "@" belongs to the model id or the query.
    boolean tokenEnded = head.substring(0, authorityEnd).indexOf('@') >= 0;
    try {
      EnvEntry entry = Dsn.parse("LLM_P", value, DsnTest.KEYS);
      if (entry instanceof ModelEntry m && !tokenEnded) {
        assertThat(m.spec().toString().toLowerCase(Locale.ROOT)).doesNotContain("secret");
      }
    } catch (ConfigException e) {
      assertThat((e.getMessage() + e).toLowerCase(Locale.ROOT)).doesNotContain("secret");
    }
  }

  @Provide
  Arbitrary<String> tokenHalf() {
    return Arbitraries.strings().withChars("abcXYZ019-_.~+:%2F").ofMaxLength(12);
  }

  @Provide
  Arbitrary<Character> delimiter() {
    return Arbitraries.of('/', '?', '#');
  }

  private static void check(String value) {
    try {
      EnvEntry entry = Dsn.parse("LLM_P", value, DsnTest.KEYS);
      assertThat(entry.name()).isEqualTo("p");
      assertThat(entry.variable()).isEqualTo("LLM_P");
    } catch (ConfigException e) {
      assertThat(e.variable()).isEqualTo("LLM_P");
      assertThat(e.getMessage()).startsWith("LLM_P: ");
    }
  }

  @Provide
  Arbitrary<String> dsnSoup() {
    return Arbitraries.strings().withChars("hx1:/@?&=%[]._-+ \tTtrufalse0sm2FE").ofMaxLength(30);
  }
}
