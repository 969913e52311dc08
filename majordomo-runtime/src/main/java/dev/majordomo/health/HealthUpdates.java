package dev.majordomo.health;

import dev.majordomo.llm.Target;
import java.time.Instant;

/**
 * Where a {@link SharedHealth} delivers what other instances learned. The registry implements it
 * over its tracker: each update is merged (a later bench end or a higher round wins; a recovery
 * clears the target), so updates may arrive late, twice or out of order. A bench or rate limit that
 * is already over when it arrives is ignored, and so is every update once the registry is closed;
 * none lasts longer than the registry's longest cooldown from its arrival (by the registry's
 * clock), so that a clock running ahead elsewhere cannot shelve a target for longer. Updates carry
 * no version: a bench that arrives after the recovery that ended it benches the target again until
 * its end. Thread-safe; never blocks, never throws.
 */
public interface HealthUpdates {
  /**
   * {@code target} is benched until {@code until}, in bench round {@code round} since its last
   * success; after the bench it is on probation, as if it had been benched here.
   *
   * @param target the benched target
   * @param round the bench round, from 1
   * @param until when the bench ends
   */
  void benched(Target target, int round, Instant until);

  /**
   * {@code target} asked callers to wait until {@code until} (a {@code Retry-After}).
   *
   * @param target the rate-limited target
   * @param until when it may be called again
   */
  void rateLimited(Target target, Instant until);

  /**
   * {@code target} answered: its count, round and bench are cleared.
   *
   * @param target the target that answered
   */
  void recovered(Target target);
}
