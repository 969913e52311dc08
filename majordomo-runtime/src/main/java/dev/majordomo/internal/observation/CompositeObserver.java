package dev.majordomo.internal.observation;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Several observers told as one, in order, each guarded: an observer that throws (or returns {@code
 * null}) is logged at {@code WARNING} and skipped for that step, and the others are still told. A
 * {@link LinkageError} counts as the observer's fault too: it is how an integration compiled
 * against a library missing or of another version at run time fails. The runtime holds every
 * observer through this class, even a single one, so that no observer's fault reaches a call.
 */
public final class CompositeObserver implements Observer {
  private static final System.Logger LOG = System.getLogger(Observer.class.getName());

  private final Observer[] observers;

  private CompositeObserver(Observer[] observers) {
    this.observers = observers;
  }

  /**
   * The observers as one guarded observer: nested composites are flattened and {@link
   * Observer#NONE} dropped; {@link Observer#NONE} when none is left.
   */
  public static Observer of(Observer... observers) {
    Objects.requireNonNull(observers, "observers");
    List<Observer> flat = new ArrayList<>();
    for (Observer o : observers) {
      Objects.requireNonNull(o, "observer");
      if (o instanceof CompositeObserver c) {
        flat.addAll(List.of(c.observers));
      } else if (o != Observer.NONE) {
        flat.add(o);
      }
    }
    return flat.isEmpty() ? Observer.NONE : new CompositeObserver(flat.toArray(new Observer[0]));
  }

  /**
   * {@code observer}, guarded, without the observers that see only chain events ({@link
   * Observer#of(dev.majordomo.chain.ChainListener)}): who observes the steps (calls, attempts,
   * tools). {@link Observer#NONE} when nobody does, so that a registry with only a listener starts
   * no observation, and allocates nothing for one, on any call.
   */
  public static Observer steps(Observer observer) {
    Observer guarded = of(observer);
    if (!(guarded instanceof CompositeObserver c)) {
      return guarded;
    }
    List<Observer> kept = new ArrayList<>();
    for (Observer o : c.observers) {
      if (!(o instanceof ListenerObserver)) {
        kept.add(o);
      }
    }
    return kept.size() == c.observers.length ? c : of(kept.toArray(new Observer[0]));
  }

  @Override
  public CallObservation callStarted(CallStart call) {
    // Allocated only once an observer observes the step: then nobody else pays for it.
    CallObservation[] started = null;
    for (int i = 0; i < observers.length; i++) {
      Observer o = observers[i];
      CallObservation one =
          start(o, "callStarted", () -> o.callStarted(call), CallObservation.NONE);
      if (one != CallObservation.NONE) {
        if (started == null) {
          started = new CallObservation[observers.length];
          Arrays.fill(started, CallObservation.NONE);
        }
        started[i] = one;
      }
    }
    return started == null ? CallObservation.NONE : new Call(started);
  }

  @Override
  public AttemptObservation attemptStarted(AttemptStart attempt) {
    // Allocated only once an observer observes the step: then nobody else pays for it.
    AttemptObservation[] started = null;
    for (int i = 0; i < observers.length; i++) {
      Observer o = observers[i];
      AttemptObservation one =
          start(o, "attemptStarted", () -> o.attemptStarted(attempt), AttemptObservation.NONE);
      if (one != AttemptObservation.NONE) {
        if (started == null) {
          started = new AttemptObservation[observers.length];
          Arrays.fill(started, AttemptObservation.NONE);
        }
        started[i] = one;
      }
    }
    return started == null ? AttemptObservation.NONE : new Attempt(started);
  }

  @Override
  public ToolObservation toolStarted(ToolStart tool) {
    // Allocated only once an observer observes the step: then nobody else pays for it.
    ToolObservation[] started = null;
    for (int i = 0; i < observers.length; i++) {
      Observer o = observers[i];
      ToolObservation one =
          start(o, "toolStarted", () -> o.toolStarted(tool), ToolObservation.NONE);
      if (one != ToolObservation.NONE) {
        if (started == null) {
          started = new ToolObservation[observers.length];
          Arrays.fill(started, ToolObservation.NONE);
        }
        started[i] = one;
      }
    }
    return started == null ? ToolObservation.NONE : new Tool(started);
  }

  @Override
  public void chainEvent(ChainEvent event) {
    for (Observer o : observers) {
      try {
        o.chainEvent(event);
      } catch (RuntimeException | LinkageError e) {
        warn(o, "chainEvent(" + event.getClass().getSimpleName() + ")", e);
      }
    }
  }

  @Override
  public ContextSnapshot captureContext() {
    // Allocated only once an observer keeps a context: most calls of most observers keep none.
    ContextSnapshot[] snapshots = null;
    for (int i = 0; i < observers.length; i++) {
      Observer o = observers[i];
      ContextSnapshot snapshot =
          start(o, "captureContext", o::captureContext, ContextSnapshot.NONE);
      if (snapshot != ContextSnapshot.NONE) {
        if (snapshots == null) {
          snapshots = new ContextSnapshot[observers.length];
          Arrays.fill(snapshots, ContextSnapshot.NONE);
        }
        snapshots[i] = snapshot;
      }
    }
    if (snapshots == null) {
      return ContextSnapshot.NONE;
    }
    ContextSnapshot[] captured = snapshots;
    return () -> enterAll(captured, s -> s::restore, "restore");
  }

  @Override
  public String toString() {
    return "Observer.all" + List.of(observers);
  }

  private static <T> T start(
      Object owner, String what, java.util.function.Supplier<T> step, T none) {
    try {
      T started = step.get();
      if (started == null) {
        LOG.log(System.Logger.Level.WARNING, () -> describe(owner) + " returned null from " + what);
        return none;
      }
      return started;
    } catch (RuntimeException | LinkageError e) {
      warn(owner, what, e);
      return none;
    }
  }

  private static void warn(Object owner, String what, Throwable e) {
    LOG.log(
        System.Logger.Level.WARNING, () -> describe(owner) + " threw in " + what + "; ignored", e);
  }

  /**
   * Names the observer, observation or scope at fault by its class, never by its {@code toString}:
   * an observation often holds the call's data (a prompt, a conversation id) and a record shows it.
   */
  private static String describe(Object owner) {
    return "observer " + owner.getClass().getName();
  }

  private static void tell(Object owner, String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException | LinkageError e) {
      warn(owner, what, e);
    }
  }

  /** Enters every part, and returns a scope that closes them in reverse order. */
  private static <T> Observation.Scope enterAll(
      T[] parts, Function<T, java.util.function.Supplier<Observation.Scope>> enter, String what) {
    Observation.Scope[] scopes = new Observation.Scope[parts.length];
    for (int i = 0; i < parts.length; i++) {
      T part = parts[i];
      try {
        scopes[i] = start(part, what, enter.apply(part), Observation.Scope.NONE);
      } catch (Error e) {
        // Not an observer's fault we ignore, but the scopes entered so far close on this thread,
        // or their context would stay current on it (a pool thread's next task, the caller).
        closeAll(scopes, i - 1);
        throw e;
      }
    }
    return () -> closeAll(scopes, scopes.length - 1);
  }

  /** Closes {@code scopes[last]} down to {@code scopes[0]}. */
  private static void closeAll(Observation.Scope[] scopes, int last) {
    for (int i = last; i >= 0; i--) {
      Observation.Scope scope = scopes[i];
      tell(scope, "Scope.close", scope::close);
    }
  }

  private record Call(CallObservation[] parts) implements CallObservation {
    @Override
    public Scope enter() {
      return enterAll(parts, p -> p::enter, "enter");
    }

    @Override
    public void succeeded(Usage usage, Target answeredBy) {
      for (CallObservation p : parts) {
        tell(p, "succeeded", () -> p.succeeded(usage, answeredBy));
      }
    }

    @Override
    public void failed(Throwable error) {
      for (CallObservation p : parts) {
        tell(p, "failed", () -> p.failed(error));
      }
    }
  }

  private record Attempt(AttemptObservation[] parts) implements AttemptObservation {
    @Override
    public Scope enter() {
      return enterAll(parts, p -> p::enter, "enter");
    }

    @Override
    public void firstChunk(Duration elapsed) {
      for (AttemptObservation p : parts) {
        tell(p, "firstChunk", () -> p.firstChunk(elapsed));
      }
    }

    @Override
    public void succeeded(Response response, Duration elapsed) {
      for (AttemptObservation p : parts) {
        tell(p, "succeeded", () -> p.succeeded(response, elapsed));
      }
    }

    @Override
    public void failed(ErrorKind kind, Throwable error, Duration elapsed) {
      for (AttemptObservation p : parts) {
        tell(p, "failed", () -> p.failed(kind, error, elapsed));
      }
    }
  }

  private record Tool(ToolObservation[] parts) implements ToolObservation {
    @Override
    public Scope enter() {
      return enterAll(parts, p -> p::enter, "enter");
    }

    @Override
    public void finished(Part.ToolResult result) {
      for (ToolObservation p : parts) {
        tell(p, "finished", () -> p.finished(result));
      }
    }

    @Override
    public void failed(Throwable error) {
      for (ToolObservation p : parts) {
        tell(p, "failed", () -> p.failed(error));
      }
    }
  }
}
