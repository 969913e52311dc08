package dev.majordomo.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthTrackerConcurrencyTest {
  private static final int THREADS = 16;
  private static final List<Target> TARGETS =
      List.of(Target.of("fake", "a"), Target.of("fake", "b"), Target.of("fake", "c"));

  private final FakeTimeSource clock = new FakeTimeSource();
  private final HealthTracker tracker = new HealthTracker(HealthPolicy.DEFAULT, clock);
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void shutdown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void manySimultaneousFailuresBenchExactlyOnce() throws Exception {
    Target target = TARGETS.get(0);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Instant> benches = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                  tracker.recordFailure(target).ifPresent(benches::add);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    assertThat(benches).containsExactly(clock.now().plusSeconds(30));
    assertThat(tracker.state(target))
        .isEqualTo(new TargetHealth(3, 1, clock.now().plusSeconds(30)));
  }

  /**
   * Failures only, from many threads, while the clock moves: no success ever resets, so every bench
   * any caller was told about must be one round, with the cooldown of that round.
   */
  @Test
  void everyBenchIsOneRoundWithItsCooldown() throws Exception {
    Map<Target, ConcurrentLinkedQueue<Instant>> benches = new ConcurrentHashMap<>();
    TARGETS.forEach(t -> benches.put(t, new ConcurrentLinkedQueue<>()));
    AtomicBoolean running = new AtomicBoolean(true);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS - 1; t++) {
      int seed = t;
      workers.add(
          pool.submit(
              () -> {
                Random random = new Random(seed);
                while (running.get()) {
                  Target target = TARGETS.get(random.nextInt(TARGETS.size()));
                  Optional<Instant> until = tracker.recordFailure(target);
                  until.ifPresent(benches.get(target)::add);
                  TargetHealth state = tracker.state(target);
                  assertThat(state.consecutiveFailures()).isBetween(1, 3);
                  assertThat(state.round() == 0).isEqualTo(state.benchedUntil() == null);
                }
                return null;
              }));
    }
    Future<?> ticker =
        pool.submit(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                clock.advance(Duration.ofMillis(250));
              }
              running.set(false);
              return null;
            });
    ticker.get(60, TimeUnit.SECONDS);
    for (Future<?> f : workers) {
      f.get(30, TimeUnit.SECONDS);
    }

    for (Target target : TARGETS) {
      // Threads queue their bench ends after recordFailure returns, so queue order is not
      // creation order: the invariants are about the set of benches.
      List<Instant> ends = new ArrayList<>(benches.get(target));
      ends.sort(null);
      TargetHealth state = tracker.state(target);
      assertThat(ends).as("benches of %s", target).hasSize(state.round());
      assertThat(ends).doesNotHaveDuplicates();
      assertThat(ends).isNotEmpty();
      assertThat(ends.get(ends.size() - 1)).isEqualTo(state.benchedUntil());
      // Consecutive benches never overlap: a new one starts only after the previous one ended.
      for (int i = 1; i < ends.size(); i++) {
        Duration gap = Duration.between(ends.get(i - 1), ends.get(i));
        assertThat(gap).isGreaterThanOrEqualTo(HealthPolicy.DEFAULT.cooldown(i + 1));
      }
    }
  }

  /** Failures and successes from many threads: every state anyone observes is well-formed. */
  @Test
  void mixedTrafficKeepsEveryStateWellFormed() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = 100 + t;
      futures.add(
          pool.submit(
              () -> {
                Random random = new Random(seed);
                start.await();
                for (int i = 0; i < 5_000; i++) {
                  Target target = TARGETS.get(random.nextInt(TARGETS.size()));
                  int roll = random.nextInt(100);
                  if (roll < 70) {
                    Instant now = clock.now();
                    tracker
                        .recordFailure(target)
                        .ifPresent(until -> assertThat(until).isAfter(now));
                  } else if (roll < 80) {
                    tracker.recordSuccess(target);
                  } else if (roll < 90) {
                    clock.advance(Duration.ofSeconds(random.nextInt(40)));
                  } else {
                    tracker.snapshot().values().forEach(HealthTrackerConcurrencyTest::wellFormed);
                  }
                  wellFormed(tracker.state(target));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    tracker.snapshot().values().forEach(HealthTrackerConcurrencyTest::wellFormed);
  }

  private static void wellFormed(TargetHealth s) {
    assertThat(s.consecutiveFailures()).isBetween(0, 3);
    assertThat(s.round()).isNotNegative();
    // Benched at least once since the last success exactly when there is a bench end; a bench
    // only ever follows the threshold, and probation keeps the count there.
    assertThat(s.benchedUntil() != null).isEqualTo(s.round() > 0);
    if (s.round() > 0) {
      assertThat(s.consecutiveFailures()).isEqualTo(3);
    }
    if (s.equals(TargetHealth.HEALTHY)) {
      return;
    }
    assertThat(s.consecutiveFailures()).isPositive();
  }

  /** Counts what a tracker reports. */
  private static final class Counting implements SharedHealth {
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger recovered = new AtomicInteger();

    @Override
    public void start(HealthUpdates updates) {}

    @Override
    public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
      failed.incrementAndGet();
    }

    @Override
    public void rateLimited(Target target, Instant until) {}

    @Override
    public void recovered(Target target) {
      recovered.incrementAndGet();
    }

    @Override
    public void close() {}
  }

  @Test
  void ofManySimultaneousSuccessesOnlyOneReportsTheRecovery() throws Exception {
    Counting shared = new Counting();
    HealthTracker sharing = new HealthTracker(HealthPolicy.DEFAULT, clock, shared);
    Target target = TARGETS.get(0);
    for (int round = 0; round < 50; round++) {
      sharing.recordFailure(target);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  sharing.recordSuccess(target);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(shared.recovered.get()).isEqualTo(round + 1);
    }
    assertThat(shared.failed.get()).isEqualTo(50);
  }
}
