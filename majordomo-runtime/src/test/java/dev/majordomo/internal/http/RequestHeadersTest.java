package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.llm.Secret;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  @Property(tries = 2000)
  void refusesExactlyTheHeadersOkHttpRefusesWithItsMessageButNeverTheValue(
      @ForAll("texts") String name, @ForAll("texts") String value) {
    Throwable okHttpRefusal = catchThrowable(() -> new Headers.Builder().set(name, value));
    Throwable refusal =
        catchThrowable(() -> RequestHeaders.check("majordomo-java", null, Map.of(name, value)));

    if (okHttpRefusal == null) {
      assertThat(refusal).isNull();
    } else {
      // OkHttp quotes the value of any header but Authorization and cookies: an api-key too.
      String message = okHttpRefusal.getMessage();
      String valueAt = " in " + name + " value";
      int end = message.indexOf(valueAt);
      String expected = end < 0 ? message : message.substring(0, end + valueAt.length());
      assertThat(refusal).isInstanceOf(IllegalArgumentException.class).hasMessage(expected);
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withChars("aZ-_ \t:\n\r\u0000\u007f\u00e9\u2028")
        .ofMinLength(0)
        .ofMaxLength(8);
  }

  @Test
  void aTokenThatCannotBeSentIsRefusedWithoutBeingShown() {
    Secret token = Secret.of("sk-secret\nvalue");

    Throwable refusal = catchThrowable(() -> RequestHeaders.check("ua", token, Map.of()));

    assertThat(refusal).isInstanceOf(IllegalArgumentException.class);
    assertThat(refusal.getMessage()).contains("Authorization").doesNotContain("sk-secret");
  }

  @Test
  void aHeaderValueThatCannotBeSentIsNamedButNotQuoted() {
    Throwable refusal =
        catchThrowable(
            () -> RequestHeaders.check("ua", null, Map.of("api-key", "canary-key\r\nX-Evil: 1")));

    assertThat(refusal).isInstanceOf(IllegalArgumentException.class);
    assertThat(refusal.getMessage())
        .isEqualTo("Unexpected char 0x0d at 10 in api-key value")
        .doesNotContain("canary-key");
  }

  @Test
  void plainHeadersPass() {
    assertThatCode(
            () ->
                RequestHeaders.check(
                    "majordomo-java",
                    Secret.of("sk-abc"),
                    Map.of("OpenAI-Organization", "org-1", "X-Title", "a title\twith tab")))
        .doesNotThrowAnyException();
  }
}
