package dev.majordomo.internal.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Whole-call deadlines for blocking calls, enforced by one daemon thread that runs a call's expiry
 * action (cancelling it) when the call is still running at its deadline.
 *
 * <p>Why not OkHttp's own call timeout ({@code Call.timeout()})? It is enforced by okio's watchdog,
 * which is signalled whenever a new timeout is the earliest one pending. With one call at a time
 * that is every call: a thread wake-up per request, about a tenth of a loopback round trip. Here
 * the thread sleeps until the earliest deadline it knows of and is woken only for a deadline
 * earlier than that. A call that ends is only removed from the set; when the thread wakes for a
 * deadline that no longer exists it sweeps, runs the expiry of every call past its deadline, and
 * sleeps until the earliest remaining one, or for the shortest limit watched since its last sweep
 * if that is earlier: a new call given that limit or a longer one then has a deadline after the
 * wake-up and need not signal. Sequential calls with the same limit wake it about once per limit,
 * not once per call, and at least once a minute, so that it notices when nothing is left to watch:
 * it then exits after a minute idle and is started again when needed.
 */
final class Deadlines {
  /** The one instance every transport shares. */
  static final Deadlines SHARED = new Deadlines();

  Deadlines() {
    this(System::nanoTime);
  }

  /** With a clock of its own, for tests that must not depend on how fast the machine is. */
  Deadlines(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.origin = nanoTime.getAsLong();
  }

  /** {@code d} in nanoseconds, or {@link Long#MAX_VALUE} when it is longer than that. */
  static long saturatedNanos(java.time.Duration d) {
    return d.compareTo(java.time.Duration.ofNanos(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : d.toNanos();
  }

  /** Longer limits are clamped so that deadlines never overflow; this is about 146 years. */
  private static final long MAX_LIMIT_NANOS = Long.MAX_VALUE / 4;

  private static final long IDLE_EXIT_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanoTime;
  private final long origin;
  private final Set<Watch> active = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * When the thread will next wake, in {@link #elapsed()} nanoseconds; {@link Long#MAX_VALUE} while
   * it sweeps, sleeps with nothing to watch, or is not running, so that every new watch signals it
   * then.
   */
  private volatile long armedAt = Long.MAX_VALUE;

  /**
   * The shortest limit watched since the last sweep, {@link Long#MAX_VALUE} for none. Racy updates
   * may lose a value; that costs only an extra signal, never a late deadline.
   */
  private volatile long recentLimit = Long.MAX_VALUE;

  /** Guarded by {@link #lock}. */
  private Thread thread;

  /** Guarded by {@link #lock}; how many times the thread swept, for tests. */
  private long sweeps;

  /** A call being watched: close it when the call ends, whether or not it succeeded. */
  static final class Watch implements AutoCloseable {
    private final Deadlines owner;
    private final Runnable onExpiry;
    // Volatile: a stream moves its deadline on as its frames arrive (rearm), while the thread
    // reads.
    private volatile long deadline;
    private volatile long limitNanos;
    private volatile boolean expired;

    private Watch(Deadlines owner, Runnable onExpiry, long deadline, long limitNanos) {
      this.owner = owner;
      this.onExpiry = onExpiry;
      this.deadline = deadline;
      this.limitNanos = limitNanos;
    }

    /** Whether the deadline passed while the call was watched (and its expiry action ran). */
    boolean expired() {
      return expired;
    }

    /** Whether the deadline is less than {@code nanos} from now. */
    boolean dueWithin(long nanos) {
      return deadline - owner.elapsed() < nanos;
    }

    /** The limit the call was given (by the last {@link #rearm}, if any). */
    long limitNanos() {
      return limitNanos;
    }

    /**
     * Moves the deadline to {@code limitNanos} from now (earlier or later): a stream's gap between
     * frames starts again at each frame. Cheap when the deadline moves later, as it does frame
     * after frame: the thread is signalled only for a deadline earlier than its next wake-up.
     */
    void rearm(long limitNanos) {
      if (limitNanos <= 0) {
        throw new IllegalArgumentException("limit must be positive, was " + limitNanos);
      }
      long limit = Math.min(limitNanos, MAX_LIMIT_NANOS);
      this.limitNanos = limitNanos;
      long next = owner.elapsed() + limit;
      deadline = next;
      owner.noteLimit(limit, next);
    }

    @Override
    public void close() {
      owner.active.remove(this);
    }
  }

  /**
   * Starts watching a call: {@code onExpiry} runs on the deadline thread if the returned watch is
   * still open {@code limitNanos} from now.
   */
  Watch watch(Runnable onExpiry, long limitNanos) {
    if (limitNanos <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limitNanos);
    }
    long limit = Math.min(limitNanos, MAX_LIMIT_NANOS);
    long deadline = elapsed() + limit;
    Watch watch = new Watch(this, onExpiry, deadline, limitNanos);
    active.add(watch);
    noteLimit(limit, deadline);
    return watch;
  }

  /** Wakes the thread (starting it if needed) when {@code deadline} is before its next wake-up. */
  private void noteLimit(long limit, long deadline) {
    // A limit this long is "no limit" in practice: remembered, it would arm every later sweep
    // decades ahead, and the thread would never reach its idle exit.
    if (limit < recentLimit && limit < MAX_LIMIT_NANOS) {
      recentLimit = limit;
    }
    // The thread wakes at armedAt at the latest and then sees this watch; only an earlier deadline
    // needs it now. armedAt is MAX_VALUE while it sweeps, so a watch its sweep missed signals it.
    if (deadline < armedAt) {
      lock.lock();
      try {
        if (thread == null) {
          thread = new Thread(this::run, "majordomo-deadlines");
          thread.setDaemon(true);
          thread.start();
        } else {
          changed.signal();
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** How many times the thread has swept the watched calls. */
  long sweeps() {
    lock.lock();
    try {
      return sweeps;
    } finally {
      lock.unlock();
    }
  }

  /** How many calls are watched now (for tests: a watch left here pins its call). */
  int watching() {
    return active.size();
  }

  /** When the thread will next wake, in nanoseconds from this instance's creation (for tests). */
  long armedAt() {
    return armedAt;
  }

  /** The shortest limit watched since the last sweep (for tests). */
  long recentLimit() {
    return recentLimit;
  }

  private long elapsed() {
    return nanoTime.getAsLong() - origin;
  }

  // The lock is held throughout except while waiting, so a signal is never lost between a sweep
  // and the wait that follows it.
  private void run() {
    lock.lock();
    try {
      while (true) {
        armedAt = Long.MAX_VALUE;
        sweeps++;
        long period = recentLimit;
        recentLimit = Long.MAX_VALUE;
        long now = elapsed();
        long next = period == Long.MAX_VALUE ? Long.MAX_VALUE : now + period;
        for (Watch watch : active) {
          long deadline = watch.deadline;
          // A call that ended while this sweep ran has removed itself: never expire it.
          if (deadline <= now && active.remove(watch)) {
            watch.expired = true;
            runExpiry(watch);
          } else if (deadline > now && deadline < next) {
            next = deadline;
          }
        }
        if (next == Long.MAX_VALUE) {
          armedAt = next;
          if (changed.awaitNanos(IDLE_EXIT_NANOS) <= 0 && active.isEmpty()) {
            thread = null;
            return;
          }
        } else {
          // Never asleep for more than the idle exit: a watch of a huge limit that is closed
          // without waking the thread would otherwise keep it (and this class loader) for years.
          next = Math.min(next, now + IDLE_EXIT_NANOS);
          armedAt = next;
          changed.awaitNanos(next - elapsed());
        }
      }
    } catch (InterruptedException e) {
      // Nobody interrupts this thread; if something does, a later watch starts a new one.
      thread = null;
      armedAt = Long.MAX_VALUE;
    } finally {
      lock.unlock();
    }
  }

  private static void runExpiry(Watch watch) {
    try {
      watch.onExpiry.run();
    } catch (RuntimeException e) {
      // Cancelling a call does not throw; if an action did, the other calls must still be watched.
      System.getLogger(Deadlines.class.getName())
          .log(System.Logger.Level.WARNING, "a call's deadline action failed", e);
    }
  }
}
