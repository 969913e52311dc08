package dev.majordomo.observation;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Response;
import java.time.Duration;

/**
 * The observation of one attempt at a target, from {@link Observer#attemptStarted}. Exactly one of
 * {@link #succeeded} and {@link #failed} is called, once; for a stream {@link #firstChunk} comes
 * before either when the first event arrived. Durations are measured on the registry's clock.
 */
public interface AttemptObservation extends Observation {

  /** Observes nothing. */
  AttemptObservation NONE = new AttemptObservation() {};

  /**
   * A stream's first event arrived (the chain stops failing over here).
   *
   * @param elapsed the time since the attempt started: the time to first chunk
   */
  default void firstChunk(Duration elapsed) {}

  /**
   * The target answered. For a stream: the stream delivered its final event or ended, and {@code
   * response} is what it delivered (its text, tool calls, usage, finish reason, id and model).
   *
   * @param response the reply, with its id, model, finish reason and usage where the provider gave
   *     them
   * @param elapsed the time since the attempt started
   */
  default void succeeded(Response response, Duration elapsed) {}

  /**
   * The attempt failed, or the target refused it ({@link ErrorKind#CANNOT_SERVE}). A stream closed
   * by its reader before its end, or abandoned unclosed and collected, fails with {@link
   * ErrorKind#CANCELLED} and a {@link java.util.concurrent.CancellationException}.
   *
   * @param kind what the chain's classifier made of the error; {@link ErrorKind#PERMANENT} for an
   *     {@link Error}, which is never classified
   * @param error the error (its message never holds a token)
   * @param elapsed the time since the attempt started
   */
  default void failed(ErrorKind kind, Throwable error, Duration elapsed) {}
}
