package dev.majordomo.redis;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A {@link RedisSharedHealth} whose updates, once the registry applied them, wake up a test waiting
 * for their effect on the registry: no polling on the clock.
 */
final class NotifyingSharedHealth implements SharedHealth {
  final RedisSharedHealth redis;

  NotifyingSharedHealth(RedisSharedHealth redis) {
    this.redis = redis;
  }

  @Override
  public void start(HealthUpdates registry) {
    redis.start(
        new HealthUpdates() {
          @Override
          public void benched(Target target, int round, Instant until) {
            registry.benched(target, round, until);
            wake();
          }

          @Override
          public void rateLimited(Target target, Instant until) {
            registry.rateLimited(target, until);
            wake();
          }

          @Override
          public void recovered(Target target) {
            registry.recovered(target);
            wake();
          }
        });
  }

  private synchronized void wake() {
    notifyAll();
  }

  /**
   * Waits until {@code condition} holds, checking it after each update.
   *
   * @throws AssertionError if it does not hold within {@code timeout}
   */
  synchronized void await(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
    redis.failed(target, policy, here, at);
  }

  @Override
  public void rateLimited(Target target, Instant until) {
    redis.rateLimited(target, until);
  }

  @Override
  public void recovered(Target target) {
    redis.recovered(target);
  }

  @Override
  public void close() {
    redis.close();
  }
}
