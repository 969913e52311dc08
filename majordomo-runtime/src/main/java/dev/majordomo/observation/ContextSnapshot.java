package dev.majordomo.observation;

/**
 * An observer's context captured on one thread ({@link Observer#captureContext()}), to be made
 * current on another while work of the same call runs there.
 */
@FunctionalInterface
public interface ContextSnapshot {

  /** Restores nothing. */
  ContextSnapshot NONE = () -> Observation.Scope.NONE;

  /**
   * Makes the captured context current on this thread until the scope is closed.
   *
   * @return the scope, closed on this thread when the work ends
   */
  Observation.Scope restore();
}
