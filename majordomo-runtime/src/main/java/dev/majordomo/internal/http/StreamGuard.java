package dev.majordomo.internal.http;

import dev.majordomo.llm.Cancellation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What bounds and cancels one stream while it is open: the caller's cancellation, the deadline
 * thread's watch of the time to the first event, then of the gap between frames ({@code null} when
 * the transport has no stream time-outs), and its watch of the whole stream when the caller gave it
 * a timeout ({@code null} otherwise).
 */
record StreamGuard(
    Cancellation.Registration cancellation,
    Deadlines.Watch watch,
    Duration firstEventTimeout,
    Duration idleTimeout,
    Duration holdTimeout,
    AtomicBoolean holding,
    AtomicBoolean cutWhileHolding,
    Deadlines.Watch whole)
    implements AutoCloseable {
  /**
   * Watches a stream from before its request is sent: {@code cancelCall} runs when the first-event
   * limit, then the idle or hold limit in force, or the {@code whole} stream's limit ({@code null}:
   * none) runs out.
   */
  static StreamGuard start(
      Cancellation.Registration cancellation,
      Deadlines deadlines,
      Runnable cancelCall,
      Duration first,
      Duration idle,
      Duration hold,
      Duration whole) {
    AtomicBoolean holding = new AtomicBoolean();
    AtomicBoolean cutWhileHolding = new AtomicBoolean();
    Runnable expire =
        () -> {
          if (holding.get()) {
            cutWhileHolding.set(true);
          }
          cancelCall.run();
        };
    Deadlines.Watch watch =
        first == null ? null : deadlines.watch(expire, Deadlines.saturatedNanos(first));
    Deadlines.Watch wholeWatch =
        whole == null ? null : deadlines.watch(cancelCall, Deadlines.saturatedNanos(whole));
    return new StreamGuard(
        cancellation, watch, first, idle, hold, holding, cutWhileHolding, wholeWatch);
  }

  /**
   * The consumer starts waiting for the next frame (after the first event): the gap between frames
   * is measured from now.
   */
  void awaitingFrame() {
    holding.set(false);
    if (watch != null) {
      // Without an idle limit the wait for the next frame is unbounded, as it was before the
      // hold limit existed; Deadlines does not arm its thread for such a limit.
      watch.rearm(idleTimeout != null ? Deadlines.saturatedNanos(idleTimeout) : Long.MAX_VALUE);
    }
  }

  /**
   * The consumer holds a frame (or the first event): the gap is not measured while it works, so a
   * slow consumer is never taken for a silent server. The hold is still bounded: a stream that is
   * dropped without {@code close()} (a {@code findFirst()} outside try-with-resources) must not
   * keep its call, connection and prompt forever.
   */
  void holdingFrame() {
    if (watch != null) {
      watch.rearm(Deadlines.saturatedNanos(holdTimeout));
    }
    holding.set(true);
  }

  /**
   * Whether the hold limit ran out (and cancelled the call) while the consumer held an event: to be
   * asked before reading on, when the last rearm was {@link #holdingFrame}.
   */
  boolean cutWhileHeld() {
    // Not watch.expired(): a first-event or idle deadline that fired as the read returned its
    // frame is the server's silence (TRANSIENT, counted), reported by the next read.
    return cutWhileHolding.get();
  }

  @Override
  public void close() {
    cancellation.close();
    if (watch != null) {
      watch.close();
    }
    if (whole != null) {
      whole.close();
    }
  }
}
