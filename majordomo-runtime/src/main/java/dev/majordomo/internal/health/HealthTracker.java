package dev.majordomo.internal.health;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.HealthView;
import dev.majordomo.health.SharedHealth;
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
 * at the threshold, so one more failure benches it again. A success clears everything. A target
 * that answered {@code 429} with a {@code Retry-After} is rate-limited until then: chains skip it
 * as they skip a bench, but that is no failure round and leaves the count alone. Thread-safe: each
 * target's state changes atomically.
 *
 * <p>Only targets that failed or were rate-limited since their last success have an entry (a
 * success removes it), and at most {@link #MAX_TRACKED_TARGETS} do: targets built from input
 * ({@code "openai/" + userInput}) must not grow memory without end. When a target with no entry
 * fails and the tracker is full, every entry that is not skipped now (benched or rate-limited) is
 * dropped (a count below the threshold, or a bench that is over: losing it only means the target
 * starts again from healthy); if every entry is skipped now, the new target is not tracked, so that
 * no bench is ever cut short. Updates to a target already tracked, successes and bench checks take
 * no lock.
 *
 * <p>With a {@link SharedHealth}, every counted failure, every rate limit and every success of a
 * target that had an entry are reported to it, inline and guarded (see {@link SharedHealthLink});
 * what other instances learned comes back through {@link #startSharing()}'s {@link HealthUpdates}
 * and is merged here. The bench check never looks at the shared health.
 */
public final class HealthTracker implements HealthView {
  private final HealthPolicy policy;
  private final TimeSource time;
  private final ConcurrentHashMap<Target, TargetHealth> states = new ConcurrentHashMap<>();

  /** Where failures, rate limits and recoveries are shared; {@code null} for local health only. */
  private final SharedHealthLink shared;

  /**
   * The most targets with failures on record. A program calls a handful of targets; far more than
   * this failing at once means targets are built from input.
   */
  public static final int MAX_TRACKED_TARGETS = 1024;

  private static final System.Logger LOG = System.getLogger(HealthTracker.class.getName());

  /** Taken only to add a target's first entry, so the bound is exact. */
  private final Object inserts = new Object();

  private boolean fullLogged; // guarded by inserts

  /**
   * The longest cooldown of the registry's policy and of every chain policy seen: no bench or rate
   * limit from another instance lasts longer here, from this clock's now.
   */
  private volatile Duration longestCooldown;

  /** A tracker with local health only. */
  public HealthTracker(HealthPolicy policy, TimeSource time) {
    this(policy, time, null);
  }

  /**
   * @param shared where this tracker shares what it learns, or {@code null} for local health only;
   *     not started until {@link #startSharing()}
   */
  public HealthTracker(HealthPolicy policy, TimeSource time, SharedHealth shared) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.time = Objects.requireNonNull(time, "time");
    this.shared = shared == null ? null : new SharedHealthLink(shared);
    this.longestCooldown = policy.maxCooldown();
  }

  /**
   * A chain judges failures by {@code chainPolicy}: benches and rate limits from other instances
   * may last as long as its longest cooldown here. Costs a volatile read unless that cooldown is
   * longer than any seen.
   */
  public void allowCooldownsOf(HealthPolicy chainPolicy) {
    if (chainPolicy != null && chainPolicy.maxCooldown().compareTo(longestCooldown) > 0) {
      synchronized (inserts) {
        if (chainPolicy.maxCooldown().compareTo(longestCooldown) > 0) {
          longestCooldown = chainPolicy.maxCooldown();
        }
      }
    }
  }

  /**
   * Starts the shared health, if any, once: from then on what other instances learn is merged into
   * this tracker. A shared health that throws here is logged and health stays local.
   */
  public void startSharing() {
    if (shared != null) {
      shared.start(new RemoteUpdates());
    }
  }

  /**
   * Closes the shared health, if any, once. From then on this tracker reports nothing and ignores
   * updates: health is local only, and keeps working.
   */
  public void stopSharing() {
    if (shared != null) {
      shared.close();
    }
  }

  @Override
  public HealthPolicy policy() {
    return policy;
  }

  /**
   * The target's entry, or {@code null} when it has neither failures nor a rate limit on record:
   * what a chain reads, with one map lookup, to decide whether to skip it.
   */
  public TargetHealth entry(Target target) {
    return states.get(target);
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

  /** When the target's rate-limit cooldown ends, if it has one now. */
  @Override
  public Optional<Instant> rateLimitedUntil(Target target) {
    TargetHealth state = states.get(target);
    if (state == null) {
      return Optional.empty();
    }
    Instant now = time.now();
    return state.isRateLimitedAt(now) ? Optional.of(state.rateLimitedUntil()) : Optional.empty();
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
    allowCooldownsOf(chainPolicy);
    Instant now = time.now();
    TargetHealth[] counted = new TargetHealth[1];
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
            return counted[0] =
                new TargetHealth(failures, s.round(), s.benchedUntil(), s.rateLimitedUntil());
          }
          // Saturates: a remote update may have put any round on record.
          int round = s.round() == Integer.MAX_VALUE ? s.round() : s.round() + 1;
          Instant until = plusSaturating(now, policy.cooldown(round));
          benchedByThisCall[0] = until;
          return counted[0] = new TargetHealth(failures, round, until, s.rateLimitedUntil());
        };
    if (!apply(target, fail, now)) {
      return Optional.empty();
    }
    if (shared != null && counted[0] != null) {
      shared.failed(target, policy, counted[0], now);
    }
    return Optional.ofNullable(benchedByThisCall[0]);
  }

  /**
   * Records that the target answered {@code 429} and asked callers to wait {@code retryAfter}:
   * chains skip it until then (at most the policy's longest cooldown, so that a nonsense wait
   * cannot shelve a target for days). Neither a failure nor a bench round: the failure itself is
   * recorded by {@link #recordFailure}.
   *
   * @param chainPolicy the chain's health policy, or {@code null} for the tracker's
   * @return when the cooldown ends, if {@code retryAfter} is positive and the target is tracked
   */
  public Optional<Instant> recordRateLimit(
      Target target, Duration retryAfter, HealthPolicy chainPolicy) {
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      return Optional.empty();
    }
    HealthPolicy policy = chainPolicy == null ? this.policy : chainPolicy;
    allowCooldownsOf(chainPolicy);
    Duration wait =
        retryAfter.compareTo(policy.maxCooldown()) > 0 ? policy.maxCooldown() : retryAfter;
    Instant now = time.now();
    Instant until = plusSaturating(now, wait);
    if (!apply(target, rateLimit(until), now)) {
      return Optional.empty();
    }
    if (shared != null) {
      shared.rateLimited(target, until);
    }
    return Optional.of(until);
  }

  /** The later of the target's rate-limit cooldown and {@code until} wins. */
  private static BiFunction<Target, TargetHealth, TargetHealth> rateLimit(Instant until) {
    return (t, old) -> {
      TargetHealth s = old == null ? TargetHealth.HEALTHY : old;
      if (s.rateLimitedUntil() != null && !until.isAfter(s.rateLimitedUntil())) {
        return s;
      }
      return new TargetHealth(s.consecutiveFailures(), s.round(), s.benchedUntil(), until);
    };
  }

  /**
   * Applies {@code update} (which never returns {@code null}) to the target's entry, adding one if
   * there is room.
   *
   * @return whether it was applied: {@code false} only when the tracker is full of live skips
   */
  private boolean apply(
      Target target, BiFunction<Target, TargetHealth, TargetHealth> update, Instant now) {
    // A target already tracked is updated without a lock.
    if (states.computeIfPresent(target, update) != null) {
      return true;
    }
    synchronized (inserts) {
      if (!states.containsKey(target) && !makeRoom(now)) {
        return false;
      }
      states.compute(target, update);
    }
    return true;
  }

  /**
   * Whether a new entry fits, after dropping the least informative entries not skipped at {@code
   * now} if the tracker is full. Called with {@link #inserts} held: only inserts grow the map.
   */
  private boolean makeRoom(Instant now) {
    if (states.size() < MAX_TRACKED_TARGETS) {
      return true;
    }
    // Drop the least informative tier first (not skipped, then the lowest round, then the fewest
    // failures): a flood of targets failing once each must not wipe the count of a target on its
    // way to a bench, nor the round of one on probation. Repeated while the tier freed nothing new;
    // conditional removal (same value) keeps a failure recorded meanwhile.
    while (states.size() >= MAX_TRACKED_TARGETS) {
      int minRound = Integer.MAX_VALUE;
      int minFailures = Integer.MAX_VALUE;
      for (TargetHealth h : states.values()) {
        if (!h.isSkippedAt(now)
            && (h.round() < minRound
                || (h.round() == minRound && h.consecutiveFailures() < minFailures))) {
          minRound = h.round();
          minFailures = h.consecutiveFailures();
        }
      }
      if (minRound == Integer.MAX_VALUE) {
        break; // every entry is a live bench or rate limit
      }
      int round = minRound;
      int failures = minFailures;
      states
          .entrySet()
          .removeIf(
              e ->
                  !e.getValue().isSkippedAt(now)
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
          "{0} targets are benched or rate-limited at once: failures of further targets are not"
              + " tracked until a bench ends",
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
   * Records a success: the count, the round, any bench and any rate limit are cleared, and the
   * target's entry is dropped (a healthy target needs none). Reported to the shared health only
   * when there was an entry.
   */
  public void recordSuccess(Target target) {
    // The common case, a target with no failures on record, is a lock-free read: remove() may
    // lock the hash bin even for an absent key. Of concurrent successes, the one that removed the
    // entry reports the recovery.
    if (states.get(target) != null && states.remove(target) != null && shared != null) {
      shared.recovered(target);
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

  /**
   * What other instances learned, merged into this tracker: a later bench end and a higher round
   * win (an end no later than the longest cooldown from now, by this tracker's clock), a remote
   * bench puts the count at the threshold (so that after it the target is on probation here too), a
   * later rate-limit end wins, and a recovery clears the entry. Updates carry no version, so a
   * merge never shortens what is on record: a late or repeated update changes nothing, and a bench
   * or rate limit already over is ignored. Nothing here is reported back to the shared health, and
   * nothing is applied once sharing stopped. Never throws.
   */
  private final class RemoteUpdates implements HealthUpdates {
    @Override
    public void benched(Target target, int round, Instant until) {
      if (target == null || until == null || shared.isClosed()) {
        return;
      }
      try {
        Instant now = time.now();
        if (now.isBefore(until)) {
          apply(target, remoteBench(Math.max(round, 1), capped(until, now)), now);
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "a shared bench could not be applied", e);
      }
    }

    @Override
    public void rateLimited(Target target, Instant until) {
      if (target == null || until == null || shared.isClosed()) {
        return;
      }
      try {
        Instant now = time.now();
        if (now.isBefore(until)) {
          apply(target, rateLimit(capped(until, now)), now);
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "a shared rate limit could not be applied", e);
      }
    }

    @Override
    public void recovered(Target target) {
      if (target == null || shared.isClosed()) {
        return;
      }
      states.remove(target);
    }

    /**
     * {@code until}, or the longest cooldown from {@code now} if that is sooner: an end dated by a
     * clock far ahead of this one, or written by anything with access to the shared store, must not
     * shelve a target here for longer than this registry would itself.
     */
    private Instant capped(Instant until, Instant now) {
      Instant cap = plusSaturating(now, longestCooldown);
      return until.isAfter(cap) ? cap : until;
    }

    private BiFunction<Target, TargetHealth, TargetHealth> remoteBench(int round, Instant until) {
      return (t, old) -> {
        TargetHealth s = old == null ? TargetHealth.HEALTHY : old;
        Instant end =
            s.benchedUntil() != null && s.benchedUntil().isAfter(until) ? s.benchedUntil() : until;
        int failures = Math.max(s.consecutiveFailures(), policy.threshold());
        int rounds = Math.max(s.round(), round);
        if (end.equals(s.benchedUntil())
            && failures == s.consecutiveFailures()
            && rounds == s.round()) {
          return s;
        }
        return new TargetHealth(failures, rounds, end, s.rateLimitedUntil());
      };
    }
  }
}
