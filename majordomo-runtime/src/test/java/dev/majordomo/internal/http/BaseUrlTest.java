package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class BaseUrlTest {

  /** What the providers built before: OkHttp's builder, straight away. */
  private static HttpUrl okHttp(boolean https, String host, int port, List<String> segments) {
    HttpUrl.Builder b = new HttpUrl.Builder().scheme(https ? "https" : "http").host(host);
    if (port != -1) {
      b.port(port);
    }
    segments.forEach(b::addPathSegment);
    return b.addPathSegment("").build();
  }

  @Property(tries = 3000)
  void acceptsExactlyTheHostsOkHttpAcceptsAndNamesThemAlike(
      @ForAll("hosts") String host, @ForAll boolean https) {
    Throwable okHttpRefusal = catchThrowable(() -> okHttp(https, host, -1, List.of("v1")));
    Throwable refusal = catchThrowable(() -> BaseUrl.of(https, host, -1, List.of("v1")));
    if (okHttpRefusal != null) {
      assertThat(refusal)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(okHttpRefusal.getMessage());
      return;
    }
    assertThat(refusal).isNull();
    BaseUrl url = BaseUrl.of(https, host, -1, List.of("v1"));
    HttpUrl expected = okHttp(https, host, -1, List.of("v1"));
    assertThat(url.host()).isEqualTo(expected.host());
    assertThat(url.httpUrl()).isEqualTo(expected);
    assertThat(url.toString()).isEqualTo(expected.toString());
    // Never throws: telemetry asks every model where it calls.
    url.endpoint().ifPresent(uri -> assertThat(uri.getHost()).isNotNull());
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> plainish =
        Arbitraries.strings().withChars("aZ09-.").ofMinLength(0).ofMaxLength(12);
    Arbitrary<String> odd =
        Arbitraries.strings()
            .withChars("aZ9-._:[]% @/ü\u00df\u0130xn")
            .ofMinLength(0)
            .ofMaxLength(10);
    Arbitrary<String> labels =
        Arbitraries.strings()
            .withChars("abz09-")
            .ofMinLength(0)
            .ofMaxLength(70)
            .list()
            .ofMinSize(1)
            .ofMaxSize(5)
            .map(l -> String.join(".", l));
    Arbitrary<String> known =
        Arbitraries.of(
            "api.openai.com",
            "API.Anthropic.COM",
            "127.0.0.1",
            "localhost",
            "::1",
            "[::1]",
            "[2001:db8::1]",
            "xn--bcher-kva.example",
            "xn--abc",
            "bücher.example",
            "example.com.",
            "a..b",
            "-a.b",
            "a-.b",
            "a--b.c",
            "1.2.3.4.5",
            "999.1.1.1",
            "host_name",
            "a".repeat(63) + ".b",
            "a".repeat(64) + ".b",
            ("a".repeat(60) + ".").repeat(4) + "b",
            ("a".repeat(63) + ".").repeat(3) + "a".repeat(61),
            ("a".repeat(63) + ".").repeat(3) + "a".repeat(62),
            ("a".repeat(63) + ".").repeat(3) + "a".repeat(61) + ".",
            "\u212aelvin.example",
            "%61pi.openai.com",
            "");
    return Arbitraries.oneOf(plainish, odd, labels, known);
  }

  @Test
  void aPlainHostIsLowerCasedAsOkHttpDoes() {
    BaseUrl url = BaseUrl.of(true, "API.OpenAI.com", -1, List.of("v1"));

    assertThat(url.host()).isEqualTo("api.openai.com");
    assertThat(url.httpUrl().toString()).isEqualTo("https://api.openai.com/v1/");
    assertThat(url.resolve("chat/completions").toString())
        .isEqualTo("https://api.openai.com/v1/chat/completions");
  }

  @Test
  void emptySegmentsOfTheBasePathAreLeftOut() {
    BaseUrl url = BaseUrl.of(false, "box", 8080, List.of("", "proxy", "", "v1"));

    assertThat(url.httpUrl().toString()).isEqualTo("http://box:8080/proxy/v1/");
  }

  @Test
  void theEndpointWritesThePortOutAndDropsThePath() {
    assertThat(BaseUrl.of(true, "api.openai.com", -1, List.of("v1")).endpoint())
        .contains(URI.create("https://api.openai.com:443"));
    assertThat(BaseUrl.of(false, "box", -1, List.of("secret-path")).endpoint())
        .contains(URI.create("http://box:80"));
    assertThat(BaseUrl.of(false, "::1", 11434, List.of()).endpoint())
        .contains(URI.create("http://[::1]:11434"));
  }

  @Test
  void aHostOkHttpTakesButAUriCannotHoldOpensWithoutAnEndpoint() {
    // Docker Compose service names often hold "_"; OLLAMA_HOST=" 1.1" reached here too
    // (EnvFuzzTest).
    for (String host : new String[] {"ollama_server", "1.1", "a.1"}) {
      BaseUrl url = BaseUrl.of(false, host, 11434, List.of());

      assertThat(url.endpoint()).as(host).isEmpty();
      assertThat(url.httpUrl().host()).isEqualTo(host);
    }
  }

  @Test
  void aPortOutOfRangeIsRefusedAsOkHttpRefusesIt() {
    for (int port : new int[] {0, -2, 65536}) {
      Throwable okHttpRefusal = catchThrowable(() -> okHttp(false, "box", port, List.of()));
      assertThatThrownBy(() -> BaseUrl.of(false, "box", port, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(okHttpRefusal.getMessage());
    }
  }
}
