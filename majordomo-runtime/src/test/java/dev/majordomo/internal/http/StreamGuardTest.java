package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Who is to blame when a stream's watch cuts it: the consumer that held an event too long
 * (cancelled, not counted), or a server that fell silent (counted), decided by what the stream was
 * doing when the deadline fired, never by whether it fired at all.
 */
class StreamGuardTest {
  private static final Duration FIRST = Duration.ofSeconds(1);
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final Duration HOLD = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong();
  private final Deadlines deadlines = new Deadlines(now::get);
  private final CountDownLatch cancelled = new CountDownLatch(1);

  @Test
  void anIdleDeadlineThatFiresAsAFrameArrivesIsTheServersNotTheConsumers()
      throws InterruptedException {
    StreamGuard guard = start();
    guard.holdingFrame(); // the first event
    guard.awaitingFrame();
    passAndWake(IDLE.plusMillis(1));
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    // The read returned a buffered frame just as the cancel landed: the consumer now holds it.
    guard.holdingFrame();

    assertThat(guard.cutWhileHeld()).isFalse();
    guard.close();
  }

  @Test
  void aHoldDeadlineIsTheConsumers() throws InterruptedException {
    StreamGuard guard = start();
    guard.holdingFrame();
    passAndWake(HOLD.plusMillis(1));
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(guard.cutWhileHeld()).isTrue();
    guard.close();
  }

  @Test
  void withoutAnIdleLimitTheWaitForAFrameIsNotBoundedByTheHoldLimit() {
    StreamGuard guard =
        StreamGuard.start(() -> {}, deadlines, cancelled::countDown, FIRST, null, HOLD, null);
    guard.holdingFrame();
    guard.awaitingFrame();
    // Waiting for the server, not holding: the hold limit's deadline no longer applies.
    assertThat(guard.watch().dueWithin(HOLD.multipliedBy(1_000).toNanos())).isFalse();
    guard.close();
  }

  @Test
  void theCallersTimeoutCutsAStreamThatKeepsDelivering() throws InterruptedException {
    StreamGuard guard =
        StreamGuard.start(
            () -> {}, deadlines, cancelled::countDown, FIRST, IDLE, HOLD, Duration.ofSeconds(3));
    guard.holdingFrame();
    for (int frame = 0; frame < 3; frame++) {
      // A frame every second: the idle limit never runs out, the whole stream's limit does.
      guard.awaitingFrame();
      passAndWake(Duration.ofMillis(1_001));
      guard.holdingFrame();
    }
    assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(guard.whole().expired()).isTrue();
    assertThat(guard.watch().expired()).isFalse();
    assertThat(guard.cutWhileHeld()).isFalse();
    guard.close();
  }

  @Test
  void closingTheGuardStopsWatchingTheWholeStream() {
    StreamGuard guard =
        StreamGuard.start(
            () -> {}, deadlines, cancelled::countDown, FIRST, IDLE, HOLD, Duration.ofSeconds(3));
    assertThat(deadlines.watching()).isEqualTo(2);
    guard.close();
    assertThat(deadlines.watching()).isZero();
  }

  private StreamGuard start() {
    return StreamGuard.start(() -> {}, deadlines, cancelled::countDown, FIRST, IDLE, HOLD, null);
  }

  /** Moves the test's clock on and wakes the deadline thread to look at it. */
  private void passAndWake(Duration duration) {
    now.addAndGet(duration.toNanos());
    deadlines.watch(() -> {}, 1).close();
  }
}
