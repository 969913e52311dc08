package dev.majordomo.health;

import dev.majordomo.llm.Target;
import java.time.Instant;

/**
 * Shares what a registry learns about its targets' health with the other instances of the same
 * service, so that an outage one instance sees benches the target on all of them.
 *
 * <p>The registry's own tracker stays the authority for every call: "is this target benched?" is
 * always a local read. A {@code SharedHealth} only carries news. What this instance learns goes out
 * through {@link #failed}, {@link #rateLimited} and {@link #recovered}; what the others learned
 * comes in through the {@link HealthUpdates} given to {@link #start}, and the registry applies it
 * to its tracker. The local tracker keeps counting on its own, so losing the shared store only
 * means each instance learns alone again.
 *
 * <p>Contract for implementations: every method returns at once (I/O happens on the
 * implementation's own threads, with a bounded timeout), never throws at the caller, and tolerates
 * being called from many threads. The registry calls {@link #failed}, {@link #rateLimited} and
 * {@link #recovered} inline, on the thread of the call that learned the news, so a method that
 * blocks holds that call; one that throws is logged and ignored. A call made while the shared store
 * is unreachable is dropped or queued (bounded), never retried on the caller's thread.
 */
public interface SharedHealth extends AutoCloseable {
  /**
   * Starts sharing. Called once, when the registry is built; news from other instances (and, where
   * the store echoes it, from this one) is delivered to {@code updates} from then on.
   *
   * @param updates where news is applied; its methods are thread-safe and never block
   */
  void start(HealthUpdates updates);

  /**
   * This instance's call to {@code target} failed in a way that counts against its health. The
   * implementation counts the failure with those of other instances and, when the count across
   * instances reaches {@code policy}'s threshold, benches the target everywhere with the cooldown
   * of the next round.
   *
   * @param target the target that failed
   * @param policy the policy the failure is judged by (the chain's, else the registry's)
   * @param here the target's state in this instance's tracker after this failure
   * @param at when it failed, by the registry's clock
   */
  void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at);

  /**
   * A provider answered "too many requests" with a {@code Retry-After}: every instance should leave
   * {@code target} alone until {@code until}.
   *
   * @param target the rate-limited target
   * @param until when the provider said to come back
   */
  void rateLimited(Target target, Instant until);

  /**
   * A call to {@code target} succeeded after failures on record (a success of a target with no
   * failures on record is never reported, so the hot path costs nothing): its count, round and
   * bench are cleared everywhere. Implementations may coalesce repeated reports for one target.
   *
   * @param target the target that answered
   */
  void recovered(Target target);

  /** Stops sharing and releases connections and threads. Idempotent. */
  @Override
  void close();
}
