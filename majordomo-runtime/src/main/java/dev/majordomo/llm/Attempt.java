package dev.majordomo.llm;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the attempt log: a target that was called (and how it went) or skipped (and why).
 *
 * @param target the target
 * @param outcome what happened
 * @param error the failure, for {@link Outcome#FAILED}; for a {@link Outcome#SKIPPED} target that
 *     refused the request ({@link ErrorKind#CANNOT_SERVE}), its refusal; otherwise {@code null}
 * @param errorKind how the failure was classified, for {@link Outcome#FAILED} and a refusal
 * @param benchedUntil for a skip because of health, when the bench ends
 * @param detail a short human-readable reason for a skip ("no image support")
 * @param elapsed how long the call took (zero for a skip, except a refusal: how long the target
 *     took to refuse)
 */
public record Attempt(
    Target target,
    Outcome outcome,
    Throwable error,
    ErrorKind errorKind,
    Instant benchedUntil,
    String detail,
    Duration elapsed) {

  /** What happened to one target. */
  public enum Outcome {
    /** The target answered. */
    SUCCEEDED,
    /** The call to the target failed. */
    FAILED,
    /** The target was not called, or refused the request before doing any work. */
    SKIPPED
  }

  /**
   * Checks the entry; a null {@code elapsed} becomes zero.
   *
   * @param target the target
   * @param outcome what happened
   * @param error the failure or refusal, or {@code null}
   * @param errorKind how the failure was classified, or {@code null}
   * @param benchedUntil when the bench ends, for a skip because of health, or {@code null}
   * @param detail the reason for a skip, or {@code null}
   * @param elapsed how long the call took
   */
  public Attempt {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    elapsed = elapsed == null ? Duration.ZERO : elapsed;
  }

  /**
   * A target that answered.
   *
   * @param target the target
   * @param elapsed how long the call took
   * @return the entry
   */
  public static Attempt succeeded(Target target, Duration elapsed) {
    return new Attempt(target, Outcome.SUCCEEDED, null, null, null, null, elapsed);
  }

  /**
   * A target whose call failed.
   *
   * @param target the target
   * @param error the failure
   * @param kind how the failure was classified
   * @param elapsed how long the call took
   * @return the entry
   */
  public static Attempt failed(Target target, Throwable error, ErrorKind kind, Duration elapsed) {
    return new Attempt(target, Outcome.FAILED, error, kind, null, null, elapsed);
  }

  /**
   * A target skipped because its health bench has not ended.
   *
   * @param target the target
   * @param until when the bench ends
   * @return the entry
   */
  public static Attempt skippedBenched(Target target, Instant until) {
    return new Attempt(
        target, Outcome.SKIPPED, null, null, until, "benched until " + until, Duration.ZERO);
  }

  /**
   * A target skipped before any call, such as one that lacks a capability the request needs.
   *
   * @param target the target
   * @param reason a short human-readable reason ("no image support")
   * @return the entry
   */
  public static Attempt skipped(Target target, String reason) {
    return new Attempt(target, Outcome.SKIPPED, null, null, null, reason, Duration.ZERO);
  }

  /**
   * A target that refused the request because it cannot serve it ({@link ErrorKind#CANNOT_SERVE}):
   * skipped, with the refusal as the error and its message as the reason.
   *
   * @param target the target
   * @param refusal the error the target refused with
   * @param elapsed how long the target took to refuse
   * @return the entry
   */
  public static Attempt skipped(Target target, Throwable refusal, Duration elapsed) {
    Objects.requireNonNull(refusal, "refusal");
    return new Attempt(
        target,
        Outcome.SKIPPED,
        refusal,
        ErrorKind.CANNOT_SERVE,
        null,
        reasonOf(target, refusal),
        elapsed);
  }

  private static String reasonOf(Target target, Throwable refusal) {
    if (refusal instanceof LlmException e) {
      return e.reason();
    }
    String message = refusal.getMessage();
    if (message == null || message.isBlank()) {
      return refusal.getClass().getSimpleName();
    }
    String prefix = target + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private String errorText() {
    String message = String.valueOf(error.getMessage());
    // An LlmException already names its target; say it once per line.
    String prefix = target + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** One line: the target and its outcome, e.g. {@code fake/a: failed (TRANSIENT): HTTP 503}. */
  @Override
  public String toString() {
    return switch (outcome) {
      case SUCCEEDED -> target + ": succeeded";
      case FAILED -> target + ": failed (" + errorKind + "): " + errorText();
      case SKIPPED -> target + ": skipped: " + detail;
    };
  }
}
