package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.ConfigException;
import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DSN's {@code timeout=} (read by the runtime) and {@code @Options(timeout)} (checked by the
 * processor) accept and refuse the same texts, and read the same durations from them.
 */
class DurationAgreementTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "30s",
        "500ms",
        "2m",
        "1h",
        "007s",
        "PT30S",
        "pt1m30s",
        "P1D",
        "PT0.5S",
        "",
        "soon",
        "30",
        "1d",
        "30S",
        "2M",
        "1H",
        "500MS",
        "30 s",
        " 30s",
        "30s ",
        "-1s",
        "+1s",
        "1.5s",
        "0s",
        "PT0S",
        "PT-5S",
        "-PT5S",
        "P",
        "P1M",
        "9223372036854ms",
        "9223372036855ms",
        "99999999999999999999s",
        "9223372036854775807m",
        "PT2562048H",
        "３０s",
        "30s\t"
      })
  void examples(String text) {
    assertAgree(text);
  }

  @Property(tries = 2000)
  void randomTexts(@ForAll("durationLike") String text) {
    assertAgree(text);
  }

  @Provide
  Arbitrary<String> durationLike() {
    return Arbitraries.strings().withChars("0123456789msMShHpPtTdD .,+-").ofMaxLength(10);
  }

  private static void assertAgree(String text) {
    Duration processor = OptionsReader.duration(text);
    boolean processorAccepts = processor != null && processor != OptionsReader.TOO_LONG;
    Duration dsn = dsnTimeout(text);
    assertThat(dsn != null).as("DSN accepts %s", text).isEqualTo(processorAccepts);
    if (processorAccepts) {
      assertThat(dsn).as("DSN reading of %s", text).isEqualTo(processor);
    }
  }

  /**
   * The timeout the runtime reads from {@code text}, percent-encoded into a DSN; null if refused.
   */
  private static Duration dsnTimeout(String text) {
    String dsn = "x://h?timeout=" + percentEncode(text);
    ConfigException refused =
        catchThrowableOfType(
            ConfigException.class, () -> Dsn.parse("LLM_X", dsn, scheme -> Set.of()));
    if (refused != null) {
      assertThat(refused).hasMessageContaining("timeout");
      return null;
    }
    EnvEntry.ModelEntry entry = (EnvEntry.ModelEntry) Dsn.parse("LLM_X", dsn, scheme -> Set.of());
    return entry.spec().timeout();
  }

  private static String percentEncode(String text) {
    StringBuilder s = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        s.append(c);
      } else {
        s.append(String.format("%%%02X", b & 0xFF));
      }
    }
    return s.toString();
  }
}
