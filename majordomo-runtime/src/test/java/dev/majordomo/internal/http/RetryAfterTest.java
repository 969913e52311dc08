package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void secondsIncludingFractions() {
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "20"), NOW))
        .contains(Duration.ofSeconds(20));
    assertThat(RetryAfter.parse(Headers.of("retry-after", "1.5"), NOW))
        .contains(Duration.ofMillis(1500));
  }

  @Test
  void httpDateIsMeasuredFromNow() {
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "Wed, 01 Jan 2025 00:00:30 GMT"), NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", NOW))
        .contains(Duration.ZERO);
  }

  @Test
  void openAiMillisecondsWinOverSeconds() {
    Headers h = Headers.of("retry-after", "20", "retry-after-ms", "250.5");
    assertThat(RetryAfter.parse(h, NOW)).contains(Duration.ofMillis(251));
  }

  @Test
  void badMillisecondsFallBackToSeconds() {
    Headers h = Headers.of("retry-after", "3", "retry-after-ms", "soon");
    assertThat(RetryAfter.parse(h, NOW)).contains(Duration.ofSeconds(3));
  }

  @Test
  void garbageNegativeAndMissingAreIgnored() {
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "later"), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "-5"), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Headers.of(), NOW)).isEmpty();
    assertThat(RetryAfter.parseRetryAfter("  ", NOW)).isEmpty();
  }

  @Test
  void anAbsurdExponentIsIgnoredInsteadOfThrowing() {
    // BigDecimal took this, then longValueExact threw ArithmeticException: the 429 became a
    // permanent failure of the chain.
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "1e999999999"), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Headers.of("Retry-After", "1E+999999999"), NOW)).isEmpty();
    assertThat(RetryAfter.parse(Headers.of("retry-after-ms", "1e999999999"), NOW)).isEmpty();
  }

  @Test
  void aHugeMillisecondsExponentIsIgnoredQuickly() {
    // BigDecimal.setScale on 1e400000000 materialises a 400-million-digit number.
    Optional<Duration> parsed =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2),
            () -> RetryAfter.parse(Headers.of("retry-after-ms", "1e400000000"), NOW));
    assertThat(parsed).isEmpty();
  }

  @Test
  void anAbsurdMillisecondsValueFallsBackToASaneRetryAfter() {
    Headers h = Headers.of("retry-after-ms", "1e400000000", "retry-after", "2");
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> RetryAfter.parse(h, NOW)))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void onlyPlainSmallDecimalsCount() {
    for (String odd :
        new String[] {
          "1e3", "0x10", "+5", "5.", ".5", "1_000", "NaN", "Infinity", "٣", "1 2", "12345678901"
        }) {
      assertThat(RetryAfter.parseRetryAfter(odd, NOW)).as(odd).isEmpty();
    }
    assertThat(RetryAfter.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parseRetryAfter("1234567890", NOW))
        .contains(Duration.ofSeconds(1234567890));
    assertThat(RetryAfter.parseRetryAfter("0.0001", NOW)).contains(Duration.ofMillis(1));
  }

  @Test
  void leadingZerosDoNotCountTowardsTheDigitBound() {
    // 1*DIGIT: leading zeros are valid and change nothing.
    assertThat(RetryAfter.parseRetryAfter("0000000000120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parseMillis("00000000000000000000250")).contains(Duration.ofMillis(250));
    assertThat(RetryAfter.parseRetryAfter("0".repeat(40), NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parseRetryAfter("0".repeat(20) + "1.5", NOW))
        .contains(Duration.ofMillis(1500));
    // The significant digits are still bounded, and so is the whole value.
    assertThat(RetryAfter.parseRetryAfter("000" + "12345678901", NOW)).isEmpty();
    assertThat(RetryAfter.parseRetryAfter("0".repeat(RetryAfter.MAX_LENGTH) + "1", NOW)).isEmpty();
  }

  @Test
  void aVeryLongValueIsIgnored() {
    String longFraction = "1." + "0".repeat(10_000);
    assertThat(RetryAfter.parseRetryAfter(longFraction, NOW)).isEmpty();
    assertThat(RetryAfter.parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT" + " ".repeat(100), NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Property(tries = 2000)
  void arbitraryStringsNeverThrow(@ForAll String value) {
    RetryAfter.parseRetryAfter(value, NOW);
    RetryAfter.parseMillis(value);
  }

  @Property(tries = 2000)
  void numberLikeStringsNeverThrowAndNeverGoNegative(@ForAll("numberSoup") String value) {
    Optional<Duration> seconds =
        assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> RetryAfter.parseRetryAfter(value, NOW));
    Optional<Duration> millis =
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> RetryAfter.parseMillis(value));
    seconds.ifPresent(d -> assertThat(d.isNegative()).isFalse());
    millis.ifPresent(d -> assertThat(d.isNegative()).isFalse());
  }

  @Provide
  Arbitrary<String> numberSoup() {
    return Arbitraries.strings()
        .withChars("0123456789.eE+-, :GMTWedJan")
        .ofMaxLength(40)
        .injectDuplicates(0.1);
  }
}
