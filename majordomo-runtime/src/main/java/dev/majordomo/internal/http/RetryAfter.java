package dev.majordomo.internal.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import okhttp3.Headers;

/**
 * Reads how long a server asks the client to wait: OpenAI's {@code retry-after-ms} (milliseconds,
 * fractions allowed) first, then the standard {@code Retry-After} as seconds (fractions allowed) or
 * as an HTTP date. A date in the past means "now" (zero). No cap is applied here: capping is the
 * chain executor's policy.
 *
 * <p>Only a plain, small decimal (10 significant integer digits at most, leading zeros aside;
 * ASCII, no sign or exponent) or an RFC 1123 date counts; anything else is ignored, so the caller's
 * default backoff applies. The parse is a bounded scan of at most 64 characters: a header is the
 * server's input, and {@code 1e999999999} must neither throw (it would turn a transient 429 into a
 * permanent failure) nor make a big-number library work for minutes.
 */
final class RetryAfter {
  /** Longer than any number or HTTP date we accept ("Wed, 01 Jan 2025 00:00:30 GMT" is 29). */
  static final int MAX_LENGTH = 64;

  /** 9,999,999,999 s is over 300 years: well past any cap, and the millis still fit a long. */
  static final int MAX_INTEGER_DIGITS = 10;

  private RetryAfter() {}

  /** The delay the headers ask for, measured from {@code now} for an HTTP date. */
  static Optional<Duration> parse(Headers headers, Instant now) {
    Optional<Duration> ms = parseMillis(headers.get("retry-after-ms"));
    if (ms.isPresent()) {
      return ms;
    }
    return parseRetryAfter(headers.get("retry-after"), now);
  }

  /** One {@code retry-after-ms} value: a decimal number of milliseconds. */
  static Optional<Duration> parseMillis(String value) {
    String v = bounded(value);
    return v == null ? Optional.empty() : decimal(v, 0);
  }

  /** One {@code Retry-After} value: delay-seconds or an HTTP date. */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String v = bounded(value);
    if (v == null) {
      return Optional.empty();
    }
    Optional<Duration> seconds = decimal(v, 3);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeException | ArithmeticException e) {
      // DateTimeParseException for text that is not a date; the others cannot happen for a
      // 4-digit year, but a header must never turn into an exception.
      return Optional.empty();
    }
  }

  /** The value without surrounding blanks, or {@code null} when missing, blank or too long. */
  private static String bounded(String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    return v.isEmpty() || v.length() > MAX_LENGTH ? null : v;
  }

  /**
   * {@code digits[.digits]} times 10^{@code shift} (3 for seconds, 0 for milliseconds), as
   * milliseconds rounded up: waiting a fraction of a millisecond too long is harmless, too short is
   * not.
   */
  private static Optional<Duration> decimal(String v, int shift) {
    int n = v.length();
    int i = 0;
    // Leading zeros are valid (1*DIGIT) and add nothing: only significant digits are bounded.
    // The whole value is already at most MAX_LENGTH characters, so this scan stays bounded.
    while (i < n && v.charAt(i) == '0') {
      i++;
    }
    int significant = i;
    long whole = 0;
    while (i < n && isAsciiDigit(v.charAt(i))) {
      if (i - significant == MAX_INTEGER_DIGITS) {
        return Optional.empty();
      }
      whole = whole * 10 + (v.charAt(i) - '0');
      i++;
    }
    if (i == 0) {
      return Optional.empty();
    }
    long millis = whole;
    for (int s = 0; s < shift; s++) {
      millis *= 10;
    }
    if (i == n) {
      return Optional.of(Duration.ofMillis(millis));
    }
    if (v.charAt(i) != '.' || i + 1 == n) {
      return Optional.empty();
    }
    long fraction = 0;
    boolean roundUp = false;
    for (int k = i + 1, digit = 0; k < n; k++, digit++) {
      char c = v.charAt(k);
      if (!isAsciiDigit(c)) {
        return Optional.empty();
      }
      if (digit < shift) {
        fraction += (c - '0') * pow10(shift - 1 - digit);
      } else if (c != '0') {
        roundUp = true;
      }
    }
    return Optional.of(Duration.ofMillis(millis + fraction + (roundUp ? 1 : 0)));
  }

  private static long pow10(int e) {
    long p = 1;
    for (int k = 0; k < e; k++) {
      p *= 10;
    }
    return p;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
