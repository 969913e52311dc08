package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * Checks that a piece of work left nothing behind on a shared OkHttp client: no call still running,
 * no connection still in use, and no thread it started still alive or still inside a call. Releases
 * that OkHttp does on another thread get a short, bounded settle: the checks poll (a millisecond
 * apart, for at most three seconds); they never wait a fixed time.
 */
final class Leaks {
  private static final long SETTLE_NANOS = 3_000_000_000L;
  private static final long POLL_NANOS = 1_000_000L;

  private final OkHttpClient client;
  private final Set<Thread> before;

  private Leaks(OkHttpClient client) {
    this.client = client;
    this.before = Set.copyOf(Thread.getAllStackTraces().keySet());
  }

  /** Notes the threads alive now; call before the work. */
  static Leaks watch(OkHttpClient client) {
    return new Leaks(client);
  }

  /** Connections of the client's pool that a call holds. */
  static int connectionsInUse(OkHttpClient client) {
    return client.connectionPool().connectionCount()
        - client.connectionPool().idleConnectionCount();
  }

  /** Asserts that no call runs and no connection is held (after the settle). */
  void assertNoCallOrConnection() {
    settle(() -> client.dispatcher().runningCallsCount() == 0 && connectionsInUse(client) == 0);
    assertThat(client.dispatcher().runningCallsCount()).as("calls still running").isZero();
    assertThat(connectionsInUse(client)).as("connections still in use").isZero();
  }

  /** Asserts {@link #assertNoCallOrConnection()} and that no thread was left behind. */
  void assertNothingLeaked() {
    assertNoCallOrConnection();
    settle(() -> lingering().isEmpty());
    assertThat(lingering()).as("threads left behind").isEmpty();
  }

  /**
   * Threads that the work started and that are still alive and not OkHttp's idle pool threads
   * (non-daemon threads, and any thread still inside a client call or Majordomo code), plus any
   * thread besides this one still inside an HTTP call.
   */
  private List<String> lingering() {
    List<String> out = new ArrayList<>();
    Thread self = Thread.currentThread();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (t == self || !t.isAlive()) {
        continue;
      }
      boolean inCall = inClientCall(e.getValue());
      boolean fresh = !before.contains(t);
      if (inCall || (fresh && !t.isDaemon())) {
        out.add(describe(t, e.getValue()));
      }
    }
    return out;
  }

  private static boolean inClientCall(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String c = frame.getClassName();
      // The shared deadline thread waits in Deadlines between calls, like okio's watchdog; it is
      // in a call only when it is cancelling one (RealCall frames).
      if (c.startsWith("okhttp3.internal.connection.RealCall")
          || (c.startsWith("dev.majordomo.provider.")
              && !c.startsWith("dev.majordomo.internal.http.Deadlines"))
          || c.startsWith("dev.majordomo.chain.")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Thread t, StackTraceElement[] stack) {
    String frames =
        java.util.Arrays.stream(stack)
            .limit(8)
            .map(StackTraceElement::toString)
            .collect(Collectors.joining("\n    "));
    return t.getName() + (t.isDaemon() ? " (daemon)" : "") + "\n    " + frames;
  }

  /** Polls {@code done} for up to the settle time. */
  static void settle(BooleanSupplier done) {
    long end = System.nanoTime() + SETTLE_NANOS;
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
