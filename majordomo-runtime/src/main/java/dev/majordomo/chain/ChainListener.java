package dev.majordomo.chain;

/**
 * Observes a chain at work: every attempt, success, failure, retry, skip, bench and exhaustion, in
 * the order they happen, on the calling thread. A listener must be quick and thread-safe (one chain
 * serves many callers at once). A listener that throws is logged at {@code WARNING} and otherwise
 * ignored: it never breaks the call.
 */
@FunctionalInterface
public interface ChainListener {

  /** Ignores every event. */
  ChainListener NONE = event -> {};

  /**
   * Receives one event, on the calling thread.
   *
   * @param event what happened
   */
  void onEvent(ChainEvent event);
}
