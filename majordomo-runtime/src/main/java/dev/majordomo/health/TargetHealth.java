package dev.majordomo.health;

import java.time.Instant;

/**
 * A snapshot of one target's health.
 *
 * @param consecutiveFailures failures since the last success
 * @param round how many times the target was benched since the last success
 * @param benchedUntil the end of the current or last bench, or {@code null} if never benched since
 *     the last success
 */
public record TargetHealth(int consecutiveFailures, int round, Instant benchedUntil) {
  /** The state of a target with no failure on record. */
  public static final TargetHealth HEALTHY = new TargetHealth(0, 0, null);

  /**
   * {@return whether the target is benched at {@code now}}
   *
   * @param now the instant to check
   */
  public boolean isBenchedAt(Instant now) {
    return benchedUntil != null && now.isBefore(benchedUntil);
  }
}
