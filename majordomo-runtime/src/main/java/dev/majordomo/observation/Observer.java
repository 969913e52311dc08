package dev.majordomo.observation;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.internal.observation.CompositeObserver;
import dev.majordomo.internal.observation.ListenerObserver;
import java.util.Objects;

/**
 * Watches calls as they happen, with begin/end pairs an observer can turn into spans: an assistant
 * method call ({@link #callStarted}), each attempt at a target ({@link #attemptStarted}), each tool
 * execution ({@link #toolStarted}), and the chain's story in between ({@link #chainEvent}: retries
 * with their delay, skips with their reason, benches, exhaustion).
 *
 * <p>Every method has a default that does nothing, so an observer implements only what it needs.
 * Methods run on the thread doing the work, so they must be quick and thread-safe; an observer that
 * throws is logged at {@code WARNING} and otherwise ignored: it never breaks a call. Each {@code
 * …Started} method returns the observation of that step, and the runtime ends every observation it
 * was given exactly once, on whichever thread the step ends (a stream's may end on the thread that
 * closes it, and one abandoned unclosed ends, late, on the thread of a {@link
 * java.lang.ref.Cleaner} once it is unreachable).
 *
 * <p>Nesting: while a step runs, the runtime {@linkplain Observation#enter() enters} its
 * observation on the thread running it, so the observation of an attempt or a tool finds its parent
 * in the observer's own context (OpenTelemetry's current {@code Context}, a {@code ThreadLocal}).
 * Where work moves to another thread (an asynchronous call, a stream read elsewhere, a tool on the
 * pool) the runtime carries that context with {@link #captureContext()}.
 *
 * <p>What an observer is shown never holds an API token: targets hold none, and providers redact
 * error messages. Requests and replies (prompts, answers, tool arguments and results) are shown; an
 * observer that exports them must let its user opt in.
 */
public interface Observer {

  /** Observes nothing. */
  Observer NONE = new Observer() {};

  /**
   * A call of an assistant method starts, on the caller's thread (for a stream: when it is first
   * read, in the context the method was called in).
   *
   * @param call the assistant, its method, the conversation
   * @return the call's observation, ended when the call ends
   */
  default CallObservation callStarted(CallStart call) {
    return CallObservation.NONE;
  }

  /**
   * The chain is about to call a target, on the thread that makes the call.
   *
   * @param attempt the target, the attempt's number and the request sent
   * @return the attempt's observation, ended when the target answered (for a stream: when the
   *     stream ended or was closed) or failed
   */
  default AttemptObservation attemptStarted(AttemptStart attempt) {
    return AttemptObservation.NONE;
  }

  /**
   * A tool the model asked for is about to run, on the thread that runs it.
   *
   * @param tool the tool's name, the call's id and its arguments
   * @return the tool execution's observation, ended with its result
   */
  default ToolObservation toolStarted(ToolStart tool) {
    return ToolObservation.NONE;
  }

  /**
   * Something happened in a chain: every {@link ChainEvent}, in order, on the thread serving the
   * call (the same events a {@link ChainListener} receives).
   *
   * @param event what happened
   */
  default void chainEvent(ChainEvent event) {}

  /**
   * Captures the observer's context on this thread (OpenTelemetry's current {@code Context}, the
   * value of a {@code ThreadLocal}) so that work continuing on another thread runs in it. Called on
   * the caller's thread of an asynchronous call, a stream and a tool round; the snapshot is
   * restored around the work on the thread that does it.
   *
   * @return the snapshot; {@link ContextSnapshot#NONE} when the observer keeps no context
   */
  default ContextSnapshot captureContext() {
    return ContextSnapshot.NONE;
  }

  /**
   * An observer that hands every {@link #chainEvent} to {@code listener} and ignores the rest.
   *
   * @param listener the listener
   * @return the observer
   */
  static Observer of(ChainListener listener) {
    Objects.requireNonNull(listener, "listener");
    return listener == ChainListener.NONE ? NONE : new ListenerObserver(listener);
  }

  /**
   * One observer that tells each of {@code observers}, in order: each sees every step and ends its
   * own observations; one that throws does not keep the others from being told.
   *
   * @param observers the observers
   * @return the observer ({@link #NONE} for none)
   */
  static Observer all(Observer... observers) {
    return CompositeObserver.of(observers);
  }
}
