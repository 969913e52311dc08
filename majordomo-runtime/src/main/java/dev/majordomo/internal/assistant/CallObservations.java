package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.Observer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How the assistant runtime starts a call's observation: guarded against an observer's fault, and
 * ended exactly once even when a cancel on one thread races the call's end on another.
 */
final class CallObservations {
  private CallObservations() {}

  /** The observation of a call that starts now; {@link CallObservation#NONE} when unobserved. */
  static CallObservation start(
      Observer observer,
      Class<?> assistant,
      MethodPlan plan,
      Conversation conversation,
      boolean stream) {
    if (observer == Observer.NONE) {
      return CallObservation.NONE;
    }
    CallStart start =
        new CallStart(
            assistant,
            plan.method(),
            plan.chain(),
            conversation == null ? null : conversation.id(),
            stream);
    CallObservation started = observer.callStarted(start);
    // Nobody observes the call: nothing to end, so no guard to allocate.
    return started == CallObservation.NONE ? CallObservation.NONE : new Once(started);
  }

  /** Ends its delegate once: the first of succeeded and failed wins. */
  private static final class Once implements CallObservation {
    private final CallObservation delegate;
    private final AtomicBoolean ended = new AtomicBoolean();

    Once(CallObservation delegate) {
      this.delegate = delegate;
    }

    @Override
    public Scope enter() {
      return delegate.enter();
    }

    @Override
    public void succeeded(Usage usage, Target answeredBy) {
      if (ended.compareAndSet(false, true)) {
        delegate.succeeded(usage, answeredBy);
      }
    }

    @Override
    public void failed(Throwable error) {
      if (ended.compareAndSet(false, true)) {
        delegate.failed(error);
      }
    }
  }
}
