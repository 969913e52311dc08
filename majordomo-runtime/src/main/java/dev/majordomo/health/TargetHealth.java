package dev.majordomo.health;

import java.time.Instant;

/**
 * A snapshot of one target's health.
 *
 * @param consecutiveFailures failures since the last success
 * @param round how many times the target was benched since the last success
 * @param benchedUntil the end of the current or last bench, or {@code null} if never benched since
 *     the last success
 * @param rateLimitedUntil the end of the current or last rate-limit cooldown (a {@code 429}'s
 *     {@code Retry-After}) since the last success, or {@code null} if none
 */
public record TargetHealth(
    int consecutiveFailures, int round, Instant benchedUntil, Instant rateLimitedUntil) {
  /** The state of a target with no failure on record. */
  public static final TargetHealth HEALTHY = new TargetHealth(0, 0, null, null);

  /**
   * A state without a rate-limit cooldown.
   *
   * @param consecutiveFailures failures since the last success
   * @param round how many times the target was benched since the last success
   * @param benchedUntil the end of the current or last bench, or {@code null}
   */
  public TargetHealth(int consecutiveFailures, int round, Instant benchedUntil) {
    this(consecutiveFailures, round, benchedUntil, null);
  }

  /**
   * {@return whether the target is benched at {@code now}}
   *
   * @param now the instant to check
   */
  public boolean isBenchedAt(Instant now) {
    return benchedUntil != null && now.isBefore(benchedUntil);
  }

  /**
   * {@return whether the target asked callers to wait (a {@code 429} with a {@code Retry-After})
   * and the wait is not over at {@code now}}: chains skip it, as they skip a bench, but a rate
   * limit is not a failure round.
   *
   * @param now the instant to check
   */
  public boolean isRateLimitedAt(Instant now) {
    return rateLimitedUntil != null && now.isBefore(rateLimitedUntil);
  }

  /**
   * {@return whether chains skip the target at {@code now}}: benched or rate-limited.
   *
   * @param now the instant to check
   */
  public boolean isSkippedAt(Instant now) {
    return isBenchedAt(now) || isRateLimitedAt(now);
  }
}
