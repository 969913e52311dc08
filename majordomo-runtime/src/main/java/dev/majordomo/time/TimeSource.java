package dev.majordomo.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the runtime reads the time and waits. Injected everywhere time matters (health cooldowns,
 * backoff, deadlines) so that tests run on a fake clock ({@code
 * dev.majordomo.testing.FakeTimeSource} in majordomo-testing) and never sleep.
 */
public interface TimeSource {
  /** The system clock and {@link Thread#sleep}. */
  TimeSource SYSTEM = new SystemTimeSource();

  /** {@return the current instant} */
  Instant now();

  /**
   * Waits for {@code duration}; returns at once for a zero or negative duration.
   *
   * @param duration how long to wait
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  void sleep(Duration duration) throws InterruptedException;
}
