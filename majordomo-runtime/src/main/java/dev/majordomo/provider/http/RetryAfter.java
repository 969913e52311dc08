package dev.majordomo.provider.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Reads how long a server asks the client to wait: OpenAI's {@code retry-after-ms} (milliseconds,
 * fractions allowed) first, then the standard {@code Retry-After} as seconds (fractions allowed) or
 * as an HTTP date. A date in the past means "now" (zero). Unparseable or negative values are
 * ignored. No cap is applied here: capping is the chain executor's policy.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /** The delay the headers ask for, measured from {@code now} for an HTTP date. */
  public static Optional<Duration> parse(Headers headers, Instant now) {
    Optional<Duration> ms = number(headers.get("retry-after-ms")).map(RetryAfter::millis);
    if (ms.isPresent()) {
      return ms;
    }
    return parseRetryAfter(headers.get("retry-after"), now);
  }

  /** One {@code Retry-After} value: delay-seconds or an HTTP date. */
  public static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Duration> seconds = number(value).map(s -> millis(s.movePointRight(3)));
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant at =
          ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<BigDecimal> number(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      BigDecimal n = new BigDecimal(value.strip());
      return n.signum() < 0 ? Optional.empty() : Optional.of(n);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Duration millis(BigDecimal ms) {
    // Round up: waiting a fraction of a millisecond too long is harmless, too short is not.
    BigDecimal rounded = ms.setScale(0, java.math.RoundingMode.CEILING);
    return rounded.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
        ? Duration.ofMillis(Long.MAX_VALUE)
        : Duration.ofMillis(rounded.longValueExact());
  }
}
