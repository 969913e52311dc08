package dev.majordomo.observation;

import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;

/**
 * The observation of one assistant method call, from {@link Observer#callStarted}. Exactly one of
 * {@link #succeeded} and {@link #failed} is called, once.
 */
public interface CallObservation extends Observation {

  /** Observes nothing. */
  CallObservation NONE = new CallObservation() {};

  /**
   * The call returned its value (for a stream: the stream was read to its end).
   *
   * @param usage the tokens of every round of the call, together
   * @param answeredBy the target that gave the last answer, or {@code null} when unknown (always
   *     for a method returning a raw {@code ResponseStream}: its attempt's observation names the
   *     target)
   */
  default void succeeded(Usage usage, Target answeredBy) {}

  /**
   * The call ended without a value: it threw {@code error}, was cancelled, or its stream was closed
   * before its end (then {@code error} is a {@link java.util.concurrent.CancellationException}).
   *
   * @param error what ended it
   */
  default void failed(Throwable error) {}
}
