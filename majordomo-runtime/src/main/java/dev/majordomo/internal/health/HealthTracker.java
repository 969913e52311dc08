package dev.majordomo.internal.health;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthView;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.time.TimeSource;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Counts failures per target and benches a target that keeps failing, with a cooldown that doubles
 * on every bench since its last success. After a bench the target is on probation: its count stays
 * at the threshold, so one more failure benches it again. A success clears everything. Thread-safe:
 * each target's state changes atomically.
 *
 * <p>Only targets that failed since their last success have an entry (a success removes it), and at
 * most {@link #MAX_TRACKED_TARGETS} do: targets built from input ({@code "openai/" + userInput})
 * must not grow memory without end. When a target with no entry fails and the tracker is full,
 * every entry that is not benched now is dropped (a count below the threshold, or a bench that is
 * over: losing it only means the target starts again from healthy); if every entry is a live bench,
 * the new target is not tracked, so that no bench is ever cut short. Updates to a target already
 * tracked, successes and bench checks take no lock.
 */
public final class HealthTracker implements HealthView {
  private final HealthPolicy policy;
  private final TimeSource time;
  private final ConcurrentHashMap<Target, TargetHealth> states = new ConcurrentHashMap<>();

  /**
   * The most targets with failures on record. A program calls a handful of targets; far more than
   * this failing at once means targets are built from input.
   */
  public static final int MAX_TRACKED_TARGETS = 1024;

  private static final System.Logger LOG = System.getLogger(HealthTracker.class.getName());

  /** Taken only to add a target's first entry, so the bound is exact. */
  private final Object inserts = new Object();

  private boolean fullLogged; // guarded by inserts

  public HealthTracker(HealthPolicy policy, TimeSource time) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.time = Objects.requireNonNull(time, "time");
  }

  @Override
  public HealthPolicy policy() {
    return policy;
  }

  /** When the target's bench ends, if it is benched now. */
  @Override
  public Optional<Instant> benchedUntil(Target target) {
    TargetHealth state = states.get(target);
    if (state == null) {
      return Optional.empty();
    }
    Instant now = time.now();
    return state.isBenchedAt(now) ? Optional.of(state.benchedUntil()) : Optional.empty();
  }

  @Override
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
    BiFunction<Target, TargetHealth, TargetHealth> fail =
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
        };
    // A target already tracked is updated without a lock; never returns null once applied.
    if (states.computeIfPresent(target, fail) == null) {
      synchronized (inserts) {
        if (!states.containsKey(target) && !makeRoom(now)) {
          return Optional.empty();
        }
        states.compute(target, fail);
      }
    }
    return Optional.ofNullable(benchedByThisCall[0]);
  }

  /**
   * Whether a new entry fits, after dropping the least informative entries not benched at {@code
   * now} if the tracker is full. Called with {@link #inserts} held: only inserts grow the map.
   */
  private boolean makeRoom(Instant now) {
    if (states.size() < MAX_TRACKED_TARGETS) {
      return true;
    }
    // Drop the least informative tier first (not benched, then the lowest round, then the fewest
    // failures): a flood of targets failing once each must not wipe the count of a target on its
    // way to a bench, nor the round of one on probation. Repeated while the tier freed nothing new;
    // conditional removal (same value) keeps a failure recorded meanwhile.
    while (states.size() >= MAX_TRACKED_TARGETS) {
      int minRound = Integer.MAX_VALUE;
      int minFailures = Integer.MAX_VALUE;
      for (TargetHealth h : states.values()) {
        if (!h.isBenchedAt(now)
            && (h.round() < minRound
                || (h.round() == minRound && h.consecutiveFailures() < minFailures))) {
          minRound = h.round();
          minFailures = h.consecutiveFailures();
        }
      }
      if (minRound == Integer.MAX_VALUE) {
        break; // every entry is a live bench
      }
      int round = minRound;
      int failures = minFailures;
      states
          .entrySet()
          .removeIf(
              e ->
                  !e.getValue().isBenchedAt(now)
                      && e.getValue().round() == round
                      && e.getValue().consecutiveFailures() == failures);
    }
    if (states.size() < MAX_TRACKED_TARGETS) {
      return true;
    }
    if (!fullLogged) {
      fullLogged = true;
      LOG.log(
          System.Logger.Level.WARNING,
          "{0} targets are benched at once: failures of further targets are not tracked until a"
              + " bench ends",
          MAX_TRACKED_TARGETS);
    }
    return false;
  }

  /** {@code now + cooldown}, or the end of time for a cooldown too long for {@link Instant}. */
  private static Instant plusSaturating(Instant now, Duration cooldown) {
    try {
      return now.plus(cooldown);
    } catch (DateTimeException | ArithmeticException e) {
      return Instant.MAX;
    }
  }

  /**
   * Records a success: the count, the round and any bench are cleared, and the target's entry is
   * dropped (a healthy target needs none).
   */
  public void recordSuccess(Target target) {
    // The common case, a target with no failures on record, is a lock-free read: remove() may
    // lock the hash bin even for an absent key.
    if (states.get(target) != null) {
      states.remove(target);
    }
  }

  /**
   * The state of every target that has failed since its last success (at most {@link
   * #MAX_TRACKED_TARGETS} of them; see the class comment).
   */
  @Override
  public Map<Target, TargetHealth> snapshot() {
    return Map.copyOf(states);
  }

  /** One target's state ({@link TargetHealth#HEALTHY} when it has no failures on record). */
  @Override
  public TargetHealth state(Target target) {
    return states.getOrDefault(target, TargetHealth.HEALTHY);
  }

  /** How many targets have an entry (for tests). */
  int trackedTargets() {
    return states.size();
  }
}
