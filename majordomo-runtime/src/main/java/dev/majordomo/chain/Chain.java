package dev.majordomo.chain;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import java.util.List;

/**
 * A resolved chain of targets that fails over from one to the next, with retries and health
 * tracking, as {@code Registry.chain(String)} returns it. A chain is itself a {@link Model}; a
 * chain of one target behaves exactly like a longer one (it retries, records health and throws
 * {@link ChainExhaustedException} the same way).
 *
 * <p>For each target in order the chain skips it when it is benched or known not to support what
 * the request needs, calls it, and on failure acts on the error's {@link ErrorKind} as its {@link
 * FailoverPolicy} says: transient errors are retried and then passed over, a missing model and a
 * too-long context are passed over, authentication, quota and other permanent errors end the call
 * (unless the policy advances on them), cancellation ends it at once. {@code docs/failover.md} has
 * the table. Thread-safe: one chain serves any number of concurrent calls.
 *
 * <p>Only a registry builds chains: every chain of a registry shares its health, which users read
 * through {@code Registry.health()}.
 */
public interface Chain extends Model {
  /** {@return the targets in the order they are tried} */
  List<Target> targets();

  /** {@return the retries, backoff, classification and deadline of this chain} */
  FailoverPolicy policy();

  /**
   * This chain with {@code extra} also receiving every event, after the chain's own listener. The
   * targets, health, policy and clock are shared with this chain, so health stays one per registry.
   * Used for a listener given to one assistant rather than to the whole registry.
   *
   * @param extra the listener to add
   * @return the chain with both listeners
   */
  Chain withListener(ChainListener extra);

  /**
   * This chain with {@code extra} also observing every attempt and event, after the chain's own
   * observers. The targets, health, policy and clock are shared with this chain. Used for an
   * observer given to one assistant rather than to the whole registry.
   *
   * @param extra the observer to add
   * @return the chain with both observers
   */
  Chain withObserver(dev.majordomo.observation.Observer extra);

  /**
   * Calls the targets in order until one answers.
   *
   * @param request the request
   * @return the reply, annotated with the target that answered and every attempt
   * @throws ChainExhaustedException when no target answered ({@link ChainDeadlineException} when
   *     the deadline passed first)
   * @throws ChainCancelledException when the calling thread was interrupted or a target reported
   *     cancellation; the interrupt flag is set again
   * @throws RuntimeException the original error of a target that failed with an authentication,
   *     quota or other permanent error, unless the policy advances on those
   */
  @Override
  Response call(Request request);

  /**
   * Opens a stream on the first target that delivers an event. Failover (with the same rules as
   * {@link #call}) happens only until that first event. After that an error ends the stream: it is
   * thrown to the reader and recorded as a failure of the target. Its {@link
   * ResponseStream#collect()} annotates the reply with the target and the attempts.
   *
   * @param request the request
   * @return the stream of the target that delivered the first event; close it
   * @throws ChainExhaustedException when no target delivered a first event
   * @throws ChainCancelledException when the call was cancelled, as for {@link #call}
   * @throws RuntimeException a target's permanent error, as for {@link #call}
   */
  @Override
  ResponseStream stream(Request request);
}
