package dev.majordomo.health;

import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of the health of every target a registry has called, as {@code
 * Registry.health()} returns it. The chains of the registry alone record failures and successes;
 * this view only reads them, at the moment of each call (it is live, not a copy). Thread-safe.
 *
 * <p>Only targets that failed since their last success have an entry, and at most 1,024 do at once
 * (targets built from input must not grow memory without end): {@code docs/failover.md} says which
 * entries are dropped first when that bound is reached.
 */
public interface HealthView {
  /**
   * {@return the policy that decides when a target is benched and for how long (the registry's)}
   */
  HealthPolicy policy();

  /**
   * {@return one target's state} ({@link TargetHealth#HEALTHY} when it has no failures on record)
   *
   * @param target the target
   */
  TargetHealth state(Target target);

  /**
   * {@return when the target's bench ends, if it is benched now}
   *
   * @param target the target
   */
  Optional<Instant> benchedUntil(Target target);

  /**
   * {@return whether the target is benched now}: chains skip it until its bench ends.
   *
   * @param target the target
   */
  boolean isBenched(Target target);

  /**
   * {@return when the target's rate-limit cooldown ends, if it has one now}: the target answered
   * {@code 429} with a {@code Retry-After} (here or, with a {@link SharedHealth}, on another
   * instance), and chains skip it until then. Not a bench: it adds no failure and no round.
   *
   * @param target the target
   */
  Optional<Instant> rateLimitedUntil(Target target);

  /**
   * {@return the state of every target that failed since its last success, as an immutable copy}
   */
  Map<Target, TargetHealth> snapshot();
}
