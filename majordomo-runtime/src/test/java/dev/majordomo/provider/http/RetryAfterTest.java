package dev.majordomo.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
