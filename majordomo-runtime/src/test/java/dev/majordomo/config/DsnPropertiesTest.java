package dev.majordomo.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.config.EnvEntry.ModelEntry;
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
