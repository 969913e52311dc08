package dev.majordomo.internal.grammar;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Durations, as a DSN's {@code timeout=} and {@code @Options(timeout)} write them:
 *
 * <pre>
 * duration = 1*DIGIT unit / iso-8601
 * unit     = "ms" / "s" / "m" / "h"      ; lower-case
 * iso-8601 = ( "P" / "p" ) ...           ; as java.time.Duration.parse reads it, such as PT1M30S
 * </pre>
 *
 * <p>No white space anywhere, ASCII digits only. The duration must be positive and fit in a {@code
 * long} of nanoseconds (about 292 years), the unit the runtime's HTTP client and deadlines count
 * in. Lower-case units only: {@code M} reads as months to many, and a DSN is case-sensitive after
 * its scheme and host.
 */
public final class DurationGrammar {
  /** The accepted forms, for messages. */
  public static final String FORMS = "500ms, 30s, 2m, 1h or ISO-8601 such as PT30S";

  private DurationGrammar() {}

  /** Why a text is not an acceptable duration. */
  public enum Problem {
    /** Not a duration at all. */
    MALFORMED,
    /** Zero or negative. */
    NOT_POSITIVE,
    /** More nanoseconds than a {@code long} holds. */
    TOO_LONG
  }

  /** A duration, or the problem that kept {@code text} from being one. */
  public record Result(Duration duration, Problem problem) {
    /**
     * Checks that exactly one of the two is set.
     *
     * @param duration the duration, or {@code null}
     * @param problem the problem, or {@code null}
     */
    public Result {
      if ((duration == null) == (problem == null)) {
        throw new IllegalArgumentException("exactly one of duration and problem");
      }
    }

    static Result of(Duration duration) {
      return new Result(duration, null);
    }

    static Result failed(Problem problem) {
      return new Result(null, problem);
    }
  }

  /**
   * Reads {@code text} by the rule above.
   *
   * @param text the text
   * @return the duration, or the problem
   */
  public static Result parse(String text) {
    Objects.requireNonNull(text, "text");
    Duration d;
    int unit = unitStart(text);
    if (unit > 0) {
      d = shortForm(text, unit);
      if (d == null) {
        return Result.failed(Problem.TOO_LONG);
      }
    } else if (!text.isEmpty() && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
      try {
        d = Duration.parse(text);
      } catch (DateTimeParseException e) {
        // Duration.parse wraps an amount that overflows: the text is a duration, only too long.
        boolean overflow =
            e.getCause() instanceof ArithmeticException
                || e.getCause() instanceof NumberFormatException;
        return Result.failed(overflow ? Problem.TOO_LONG : Problem.MALFORMED);
      }
    } else {
      return Result.failed(Problem.MALFORMED);
    }
    if (d.isZero() || d.isNegative()) {
      return Result.failed(Problem.NOT_POSITIVE);
    }
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      return Result.failed(Problem.TOO_LONG);
    }
    return Result.of(d);
  }

  /**
   * Where the unit of {@code <digits><unit>} starts, or -1 when {@code text} is not of that form.
   */
  private static int unitStart(String text) {
    int i = 0;
    while (i < text.length() && Characters.isAsciiDigit(text.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return -1;
    }
    String unit = text.substring(i);
    return unit.equals("ms") || unit.equals("s") || unit.equals("m") || unit.equals("h") ? i : -1;
  }

  /** The duration of well-formed {@code <digits><unit>} text, or null when it overflows. */
  private static Duration shortForm(String text, int unit) {
    String digits = text.substring(0, unit).replaceFirst("^0+(?=.)", "");
    if (digits.length() > 18) {
      return null;
    }
    long amount = Long.parseLong(digits);
    try {
      return switch (text.substring(unit)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
