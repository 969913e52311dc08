package dev.majordomo.health;

import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures per target and benches a target that keeps failing, with a cooldown that doubles
 * on every bench since its last success. After a bench the target is on probation: its count stays
 * at the threshold, so one more failure benches it again. A success clears everything. Thread-safe:
 * each target's state changes atomically.
 */
public final class HealthTracker {
  private final HealthPolicy policy;
  private final TimeSource time;
  private final ConcurrentHashMap<Target, TargetHealth> states = new ConcurrentHashMap<>();

  public HealthTracker(HealthPolicy policy, TimeSource time) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.time = Objects.requireNonNull(time, "time");
  }

  public HealthPolicy policy() {
    return policy;
  }

  /** When the target's bench ends, if it is benched now. */
  public Optional<Instant> benchedUntil(Target target) {
    TargetHealth state = states.get(target);
    if (state == null) {
      return Optional.empty();
    }
    Instant now = time.now();
    return state.isBenchedAt(now) ? Optional.of(state.benchedUntil()) : Optional.empty();
  }

  public boolean isBenched(Target target) {
    return benchedUntil(target).isPresent();
  }

  /**
   * Records a failure.
   *
   * @return when the target's new bench ends, if this failure benched it
   */
  public Optional<Instant> recordFailure(Target target) {
    return recordFailure(target, policy);
  }

  /**
   * Records a failure judged by {@code chainPolicy} (a chain may override the registry's threshold
   * and cooldowns; the state it updates is still the registry's, one per target).
   *
   * @return when the target's new bench ends, if this failure benched it
   */
  public Optional<Instant> recordFailure(Target target, HealthPolicy chainPolicy) {
    HealthPolicy policy = chainPolicy == null ? this.policy : chainPolicy;
    Instant now = time.now();
    Instant[] benchedByThisCall = new Instant[1];
    states.compute(
        target,
        (t, old) -> {
          TargetHealth s = old == null ? TargetHealth.HEALTHY : old;
          if (s.isBenchedAt(now)) {
            // A call that started before the bench reports late: the bench already counts it.
            return s;
          }
          int failures = Math.min(s.consecutiveFailures() + 1, policy.threshold());
          if (failures < policy.threshold()) {
            return new TargetHealth(failures, s.round(), s.benchedUntil());
          }
          int round = s.round() + 1;
          Instant until = plusSaturating(now, policy.cooldown(round));
          benchedByThisCall[0] = until;
          return new TargetHealth(failures, round, until);
        });
    return Optional.ofNullable(benchedByThisCall[0]);
  }

  /** {@code now + cooldown}, or the end of time for a cooldown too long for {@link Instant}. */
  private static Instant plusSaturating(Instant now, Duration cooldown) {
    try {
      return now.plus(cooldown);
    } catch (DateTimeException | ArithmeticException e) {
      return Instant.MAX;
    }
  }

  /** Records a success: the count, the round and any bench are cleared. */
  public void recordSuccess(Target target) {
    states.remove(target);
  }

  /** The state of every target that has failed since its last success. */
  public Map<Target, TargetHealth> snapshot() {
    return Map.copyOf(states);
  }

  /** One target's state ({@link TargetHealth#HEALTHY} when it has no failures on record). */
  public TargetHealth state(Target target) {
    return states.getOrDefault(target, TargetHealth.HEALTHY);
  }
}
