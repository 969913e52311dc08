package dev.majordomo.redis;

import dev.majordomo.health.HealthUpdates;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The updates one instance received, each with when it arrived, and a way to wait for one. */
final class RecordingUpdates implements HealthUpdates {
  /**
   * One update.
   *
   * @param kind {@code benched}, {@code rateLimited} or {@code recovered}
   * @param round the bench round, or 0
   * @param until when the bench or rate limit ends, or null
   * @param nanos {@link System#nanoTime} on arrival
   */
  record Update(String kind, Target target, int round, Instant until, long nanos) {
    boolean isBench(Target t) {
      return kind.equals("benched") && target.equals(t);
    }

    boolean isRateLimit(Target t) {
      return kind.equals("rateLimited") && target.equals(t);
    }

    boolean isRecovery(Target t) {
      return kind.equals("recovered") && target.equals(t);
    }
  }

  private final List<Update> updates = new ArrayList<>();

  @Override
  public void benched(Target target, int round, Instant until) {
    add(new Update("benched", target, round, until, System.nanoTime()));
  }

  @Override
  public void rateLimited(Target target, Instant until) {
    add(new Update("rateLimited", target, 0, until, System.nanoTime()));
  }

  @Override
  public void recovered(Target target) {
    add(new Update("recovered", target, 0, null, System.nanoTime()));
  }

  private synchronized void add(Update update) {
    updates.add(update);
    notifyAll();
  }

  synchronized List<Update> all() {
    return List.copyOf(updates);
  }

  /**
   * The first update that matches, waiting for it up to {@code timeout} (a bound for a loaded
   * machine, not a measure: tests measure with {@link Update#nanos}).
   *
   * @throws AssertionError if none arrived in time
   */
  synchronized Update await(Predicate<Update> wanted, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Update u : updates) {
        if (wanted.test(u)) {
          return u;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no such update within " + timeout + "; received: " + updates);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
