package dev.majordomo.observation;

/**
 * What every observation has: a way to be the parent of what runs inside it. Implementations are
 * the observer's; the runtime only enters and ends them.
 */
public interface Observation {

  /**
   * Makes this observation current on this thread until the returned scope is closed, so that
   * observations started meanwhile (and the user's own instrumentation, in a tool) nest under it.
   * The runtime closes every scope on the thread that opened it, in reverse order.
   *
   * @return the scope; {@link Scope#NONE} when the observer keeps no context
   */
  default Scope enter() {
    return Scope.NONE;
  }

  /** A context made current by {@link #enter()} or {@link ContextSnapshot#restore()}. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {
    /** Changes nothing. */
    Scope NONE = () -> {};

    /** Restores what was current before. */
    @Override
    void close();
  }
}
