package dev.majordomo.testing;

import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A clock for tests: time moves only when {@link #advance} or {@link #sleep} is called, and {@code
 * sleep} returns at once after moving the clock forward. Thread-safe. Every sleep is recorded so
 * that tests can assert on backoff.
 */
public final class FakeTimeSource implements TimeSource {
  /**
   * Where a clock made with {@link #FakeTimeSource()} starts, and the one {@link MajordomoTest}
   * injects: {@code 2026-01-01T00:00:00Z}.
   */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();

  /** A clock stopped at {@link #DEFAULT_START}. */
  public FakeTimeSource() {
    this(DEFAULT_START);
  }

  /**
   * A clock stopped at {@code start}.
   *
   * @param start the clock's first instant
   */
  public FakeTimeSource(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before a fake sleep of " + duration);
    }
    synchronized (this) {
      sleeps.add(duration);
      if (!duration.isNegative()) {
        now = now.plus(duration);
      }
    }
  }

  /**
   * Moves the clock forward without recording a sleep.
   *
   * @param duration how far to move, not negative
   */
  public synchronized void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + duration);
    }
    now = now.plus(duration);
  }

  /** {@return every duration passed to {@link #sleep}, in order} */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized String toString() {
    return "FakeTimeSource[" + now + "]";
  }
}
