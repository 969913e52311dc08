package dev.majordomo.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A way to cancel one call from another thread that actually stops it. Interrupting a thread is not
 * enough: a thread blocked in a socket read ignores the interrupt, so the request would run to
 * completion, be billed and hold its connection. Whoever starts a call that can be cancelled (an
 * asynchronous assistant call, a stream that is not yet open) makes a {@code Cancellation} and
 * {@linkplain #enter() enters} it on the thread that runs the call; code on that thread that blocks
 * registers how to stop itself with {@link #onCancel(Runnable)} (the HTTP transport cancels its
 * OkHttp call) or waits with {@link #sleep} (the chain's backoff), and {@link #cancel()} runs every
 * registered action at once.
 *
 * <p>A provider of your own that blocks on I/O should register its own way to abort with {@code
 * Cancellation.current().onCancel(…)} for as long as it blocks. Thread-safe.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  /** What {@link #current()} returns on a thread where nothing can cancel the call. */
  private static final Cancellation NEVER = new Cancellation();

  private static final Registration NOTHING = () -> {};

  private final Object lock = new Object();

  /** Guarded by {@link #lock}. */
  private final Set<Runnable> actions = new LinkedHashSet<>();

  /** Threads in {@link #sleep}; guarded by {@link #lock}. */
  private final Set<Thread> sleepers = new LinkedHashSet<>();

  private volatile boolean cancelled;

  /** Creates a cancellation that nothing has cancelled yet; {@link #enter()} it to use it. */
  public Cancellation() {}

  /** A registration of {@link #onCancel}: close it when the blocking operation ended. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** {@return the cancellation of the call running on this thread; one that never fires if none} */
  public static Cancellation current() {
    Cancellation c = CURRENT.get();
    return c == null ? NEVER : c;
  }

  /**
   * Makes this the {@link #current()} cancellation of this thread until the returned scope is
   * closed. A cancellation that was current before stays in force: cancelling it cancels this one.
   *
   * @return the scope; close it when the call ends
   */
  public Registration enter() {
    if (this == NEVER) {
      throw new IllegalStateException("the never-cancelled instance cannot be entered");
    }
    Cancellation outer = CURRENT.get();
    Registration link = outer == null ? NOTHING : outer.onCancel(this::cancel);
    CURRENT.set(this);
    return () -> {
      link.close();
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    };
  }

  /** {@return whether {@link #cancel()} ran} */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Runs {@code action} when the call is cancelled (at once, on this thread, if it already was),
   * until the returned registration is closed. The action runs on the cancelling thread and must
   * not block; it may still run shortly after {@code close()} returns, so it must be harmless then
   * (cancelling an OkHttp call that has finished is).
   *
   * @param action how to stop the blocking operation
   * @return the registration; close it when the operation ended
   */
  public Registration onCancel(Runnable action) {
    Objects.requireNonNull(action, "action");
    if (this == NEVER) {
      return NOTHING;
    }
    synchronized (lock) {
      if (!cancelled) {
        // A lambda per registration: the same action registered twice stays two registrations.
        Runnable entry = action::run;
        actions.add(entry);
        return () -> {
          synchronized (lock) {
            actions.remove(entry);
          }
        };
      }
    }
    action.run();
    return NOTHING;
  }

  /**
   * Cancels the call: every registered action runs now, on this thread, and so does every action
   * registered later. Idempotent.
   */
  public void cancel() {
    if (this == NEVER) {
      return;
    }
    List<Runnable> run;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      run = new ArrayList<>(actions);
      actions.clear();
      // Under the lock: a sleeper that has left sleep() is no longer in the set, so no thread is
      // interrupted after it stopped waiting for this cancellation.
      for (Thread sleeper : sleepers) {
        sleeper.interrupt();
      }
    }
    for (Runnable action : run) {
      try {
        action.run();
      } catch (RuntimeException e) {
        System.getLogger(Cancellation.class.getName())
            .log(System.Logger.Level.WARNING, "a cancellation action failed", e);
      }
    }
  }

  /**
   * Waits {@code duration} on {@code time}, ending early when the call is cancelled.
   *
   * @param time the clock to wait on
   * @param duration how long to wait
   * @throws CancellationException when the call is (or was already) cancelled; the thread's
   *     interrupt flag is left as it was before the wait
   * @throws InterruptedException when the thread was interrupted by something else
   */
  public void sleep(dev.majordomo.time.TimeSource time, Duration duration)
      throws InterruptedException {
    if (this == NEVER) {
      time.sleep(duration);
      return;
    }
    Thread self = Thread.currentThread();
    synchronized (lock) {
      if (cancelled) {
        throw new CancellationException("the call was cancelled");
      }
      sleepers.add(self);
    }
    boolean interruptedByCancel;
    try {
      time.sleep(duration);
    } catch (InterruptedException e) {
      synchronized (lock) {
        sleepers.remove(self);
      }
      if (cancelled) {
        // Our interrupt (or one that came with the cancellation): the flag is already clear.
        throw new CancellationException("the call was cancelled during a wait");
      }
      throw e;
    } finally {
      synchronized (lock) {
        interruptedByCancel = sleepers.remove(self) && cancelled;
      }
    }
    if (interruptedByCancel) {
      // Cancelled just as the wait ended: clear the interrupt cancel() sent, which nobody awaits.
      Thread.interrupted();
    }
    if (cancelled) {
      throw new CancellationException("the call was cancelled during a wait");
    }
  }

  @Override
  public String toString() {
    return this == NEVER
        ? "Cancellation[never]"
        : "Cancellation[" + (cancelled ? "cancelled" : "active") + "]";
  }
}
