package dev.majordomo.health;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failing target is benched and for how long.
 *
 * @param threshold consecutive failures that bench a target (at least 1)
 * @param baseCooldown the first bench's length; each later bench since the last success doubles it
 * @param maxCooldown the cap on a bench's length
 */
public record HealthPolicy(int threshold, Duration baseCooldown, Duration maxCooldown) {

  /** Three failures; 30 s doubling up to 10 min. */
  public static final HealthPolicy DEFAULT =
      new HealthPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

  // equals and hashCode written out for start-up time: see the dev.majordomo.llm package comment.
  @Override
  public boolean equals(Object o) {
    return o instanceof HealthPolicy p
        && threshold == p.threshold
        && baseCooldown.equals(p.baseCooldown)
        && maxCooldown.equals(p.maxCooldown);
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(threshold);
    h = 31 * h + baseCooldown.hashCode();
    return 31 * h + maxCooldown.hashCode();
  }

  /**
   * Checks the policy.
   *
   * @param threshold consecutive failures that bench a target, at least 1
   * @param baseCooldown the first bench's length, positive
   * @param maxCooldown the cap on a bench's length, at least {@code baseCooldown}
   * @throws IllegalArgumentException if a value is out of range
   */
  public HealthPolicy {
    Objects.requireNonNull(baseCooldown, "baseCooldown");
    Objects.requireNonNull(maxCooldown, "maxCooldown");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    if (baseCooldown.isNegative() || baseCooldown.isZero()) {
      throw new IllegalArgumentException("baseCooldown must be positive, was " + baseCooldown);
    }
    if (maxCooldown.compareTo(baseCooldown) < 0) {
      throw new IllegalArgumentException(
          "maxCooldown (" + maxCooldown + ") is shorter than baseCooldown (" + baseCooldown + ")");
    }
  }

  /**
   * {@return the cooldown of the {@code round}-th bench since the last success}
   *
   * @param round the bench, counting from 1
   */
  public Duration cooldown(int round) {
    if (round < 1) {
      throw new IllegalArgumentException("round is 1-based, was " + round);
    }
    // base × 2^(round−1), capped. Doubling on Duration stops once past half the cap, so it cannot
    // overflow even for a cap of centuries (nanosecond arithmetic did, beyond 292 years).
    Duration cooldown = baseCooldown;
    Duration half = maxCooldown.dividedBy(2);
    for (int i = 1; i < round; i++) {
      if (cooldown.compareTo(half) > 0) {
        return maxCooldown;
      }
      cooldown = cooldown.multipliedBy(2);
    }
    return cooldown.compareTo(maxCooldown) > 0 ? maxCooldown : cooldown;
  }

  /**
   * {@return a copy with another threshold}
   *
   * @param value consecutive failures that bench a target, at least 1
   */
  public HealthPolicy withThreshold(int value) {
    return new HealthPolicy(value, baseCooldown, maxCooldown);
  }
}
