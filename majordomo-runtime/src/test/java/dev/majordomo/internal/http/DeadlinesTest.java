package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  private static final long TEN_MINUTES = Duration.ofMinutes(10).toNanos();

  @Test
  void aCallStillOpenAtItsDeadlineIsExpired() throws InterruptedException {
    // Every test runs on a clock of its own: the thread really sleeps, wakes and is signalled, but
    // a busy machine that holds the test between two steps cannot move a deadline past.
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    CountDownLatch expired = new CountDownLatch(1);
    try (Deadlines.Watch watch =
        deadlines.watch(expired::countDown, Duration.ofMillis(20).toNanos())) {
      assertThat(watch.expired()).isFalse();
      now.addAndGet(Duration.ofMillis(20).toNanos());
      assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(watch.expired()).isTrue();
      assertThat(watch.limitNanos()).isEqualTo(Duration.ofMillis(20).toNanos());
    }
  }

  @Test
  void anEarlierDeadlineWakesTheThreadThatSleepsUntilALaterOne() throws InterruptedException {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    AtomicInteger late = new AtomicInteger();
    CountDownLatch early = new CountDownLatch(1);
    try (Deadlines.Watch slow = deadlines.watch(late::incrementAndGet, TEN_MINUTES)) {
      awaitSweeps(deadlines, 1); // the thread sleeps until the ten-minute deadline (or a minute)
      try (Deadlines.Watch fast =
          deadlines.watch(early::countDown, Duration.ofMillis(20).toNanos())) {
        now.addAndGet(Duration.ofMillis(20).toNanos());
        assertThat(early.await(10, TimeUnit.SECONDS)).as("signalled, not a minute later").isTrue();
        assertThat(fast.expired()).isTrue();
        assertThat(slow.expired()).isFalse();
        assertThat(late).hasValue(0);
      }
    }
  }

  @Test
  void aWatchRearmedEarlierExpiresAtItsNewDeadlineAndALaterOneOutlivesItsFirst()
      throws InterruptedException {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    CountDownLatch expired = new CountDownLatch(1);
    AtomicInteger postponed = new AtomicInteger();
    // A stream moves its deadline on as frames arrive: from a long first-event limit to a short
    // gap (the thread must be woken for it), and from a short limit to a long one.
    try (Deadlines.Watch gap = deadlines.watch(expired::countDown, TEN_MINUTES);
        Deadlines.Watch later =
            deadlines.watch(postponed::incrementAndGet, Duration.ofMillis(20).toNanos())) {
      later.rearm(TEN_MINUTES);
      gap.rearm(Duration.ofMillis(40).toNanos());
      now.addAndGet(Duration.ofMillis(40).toNanos());

      assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(gap.expired()).isTrue();
      assertThat(gap.limitNanos()).isEqualTo(Duration.ofMillis(40).toNanos());
      // The 40 ms deadline has passed, so the thread has swept past the 20 ms one as well.
      assertThat(later.expired()).isFalse();
      assertThat(postponed).hasValue(0);
    }
  }

  @Test
  void aCallThatEndedIsNeverExpired() throws InterruptedException {
    // A clock of the test's own: a busy machine that holds this thread between watch() and
    // close() must not let the first deadline pass before the call ended.
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    AtomicInteger ended = new AtomicInteger();
    Deadlines.Watch done = deadlines.watch(ended::incrementAndGet, Duration.ofMillis(10).toNanos());
    done.close();
    now.addAndGet(Duration.ofMillis(50).toNanos());
    // A later deadline, passed too: when it has expired, the thread has swept past the first one.
    CountDownLatch later = new CountDownLatch(1);
    try (Deadlines.Watch watch =
        deadlines.watch(later::countDown, Duration.ofMillis(30).toNanos())) {
      now.addAndGet(Duration.ofMillis(31).toNanos());
      deadlines.watch(() -> {}, 1).close(); // wakes the thread now, whatever it was waiting for
      assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(watch.expired()).isTrue();
    }
    assertThat(done.expired()).isFalse();
    assertThat(ended).hasValue(0);
  }

  @Test
  void sequentialCallsWithTheSameLimitDoNotWakeTheThreadEachTime() {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    for (int i = 0; i < 1_000; i++) {
      try (Deadlines.Watch watch = deadlines.watch(() -> {}, TEN_MINUTES)) {
        assertThat(watch.expired()).isFalse();
      }
      now.addAndGet(1_000); // the calls take time, but never the ten minutes
    }
    // The first calls start the thread and may wake it while it arms itself; OkHttp's call timeout
    // would have signalled its watchdog 1,000 times.
    assertThat(deadlines.sweeps()).isLessThan(20);
  }

  @Test
  void aFailingExpiryDoesNotStopTheOthers() throws InterruptedException {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    CountDownLatch second = new CountDownLatch(1);
    CountDownLatch failed = new CountDownLatch(1);
    try (Deadlines.Watch bad =
            deadlines.watch(
                () -> {
                  failed.countDown();
                  throw new IllegalStateException("boom");
                },
                Duration.ofMillis(5).toNanos());
        Deadlines.Watch good =
            deadlines.watch(second::countDown, Duration.ofMillis(10).toNanos())) {
      now.addAndGet(Duration.ofMillis(10).toNanos());
      // Either may run first in the sweep: wait for both.
      assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(bad.expired()).isTrue();
      assertThat(good.expired()).isTrue();
    }
  }

  @Test
  void aHugeLimitDoesNotOverflow() {
    // A clock near the end of its range: nanoTime may start anywhere
    AtomicLong now = new AtomicLong(Long.MAX_VALUE - 1_000);
    Deadlines deadlines = new Deadlines(now::get);
    AtomicInteger runs = new AtomicInteger();
    try (Deadlines.Watch watch = deadlines.watch(runs::incrementAndGet, Long.MAX_VALUE)) {
      assertThat(watch.expired()).isFalse();
    }
    assertThat(runs).hasValue(0);
    assertThatThrownBy(() -> deadlines.watch(() -> {}, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Waits (bounded) until the thread has swept at least {@code n} times and sleeps again. */
  private static void awaitSweeps(Deadlines deadlines, long n) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // sweeps() takes the lock the thread holds while it sweeps: once it counts n, that sweep is
    // over
    while (deadlines.sweeps() < n) {
      assertThat(System.nanoTime()).as("the deadline thread swept").isLessThan(giveUp);
      Thread.onSpinWait();
    }
  }

  @Test
  void aWatchOfAHugeLimitDoesNotArmTheThreadForYears() {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    Deadlines.Watch huge = deadlines.watch(() -> {}, Long.MAX_VALUE);
    awaitSweeps(deadlines, 1);
    // Armed at most a minute ahead: when the watch is closed, the thread sees within a minute that
    // nothing is left and exits, instead of sleeping for 146 years with its class loader pinned.
    assertThat(deadlines.armedAt()).isLessThanOrEqualTo(Duration.ofMinutes(1).toNanos());
    huge.close();
  }

  @Test
  void aLimitTooLongToMatterIsNotRememberedAsTheRecentLimit() {
    AtomicLong now = new AtomicLong();
    Deadlines deadlines = new Deadlines(now::get);
    try (Deadlines.Watch watch = deadlines.watch(() -> {}, TEN_MINUTES)) {
      awaitSweeps(deadlines, 1);
      assertThat(deadlines.recentLimit()).as("reset by the sweep").isEqualTo(Long.MAX_VALUE);
      watch.rearm(Long.MAX_VALUE);
      // Remembered, it would arm every later sweep ~36 years ahead: the thread would never go idle.
      assertThat(deadlines.recentLimit()).isEqualTo(Long.MAX_VALUE);
    }
  }
}
