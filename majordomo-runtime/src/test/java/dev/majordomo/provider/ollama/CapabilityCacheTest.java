package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The probe cache: no lock held while probing, bounded waits, and what is remembered for how long.
 */
class CapabilityCacheTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final Capabilities TOOLS = Capabilities.unknown().with(Capability.TOOLS, true);

  private final CapabilityCache cache = new CapabilityCache();
  private final FakeTimeSource time = new FakeTimeSource();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Starts a probe of {@code key} that blocks until {@code release}; returns when it runs. */
  private Future<Capabilities> blockedProbe(String key, CountDownLatch release) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Future<Capabilities> first =
        pool.submit(
            () ->
                cache.get(
                    key,
                    LONG,
                    time,
                    () -> {
                      running.countDown();
                      try {
                        release.await(20, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return new CapabilityCache.Probed.Answer(TOOLS);
                    }));
    assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  @Test
  void whenFullFailedProbesWhoseTimeIsUpMakeRoomForARealModel() {
    for (int i = 0; i < CapabilityCache.MAX_ENTRIES; i++) {
      cache.get("junk" + i, LONG, time, CapabilityCache.Probed.Failed::new);
    }
    assertThat(cache.size()).isEqualTo(CapabilityCache.MAX_ENTRIES);
    time.advance(CapabilityCache.RETRY_FAILED_PROBE_AFTER);
    AtomicInteger probes = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertThat(
              cache.get(
                  "qwen3:8b",
                  LONG,
                  time,
                  () -> {
                    probes.incrementAndGet();
                    return new CapabilityCache.Probed.Answer(TOOLS);
                  }))
          .isEqualTo(TOOLS);
    }
    assertThat(probes).hasValue(1);
    assertThat(cache.size()).isLessThanOrEqualTo(CapabilityCache.MAX_ENTRIES);
  }

  @Test
  void distinctModelsAreCachedUpToABound() {
    // Models built from input ("ollama/" + userInput): one entry each would grow without end.
    AtomicInteger probes = new AtomicInteger();
    for (int i = 0; i < 100_000; i++) {
      assertThat(
              cache.get(
                  "m" + i,
                  LONG,
                  time,
                  () -> {
                    probes.incrementAndGet();
                    return new CapabilityCache.Probed.Answer(TOOLS);
                  }))
          .isEqualTo(TOOLS);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(CapabilityCache.MAX_ENTRIES);
    // Within the bound an answer is kept; past it, the model is probed again (and still answered).
    probes.set(0);
    cache.get("m0", LONG, time, () -> new CapabilityCache.Probed.Answer(Capabilities.unknown()));
    assertThat(probes).hasValue(0);
    assertThat(cache.get("m99999", LONG, time, () -> new CapabilityCache.Probed.Failed()))
        .isEqualTo(Capabilities.unknown());
    assertThat(cache.size()).isLessThanOrEqualTo(CapabilityCache.MAX_ENTRIES);
  }

  @Test
  void aWaiterGivesUpAfterItsOwnLimitAndOtherKeysDoNotWaitAtAll() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Capabilities> first = blockedProbe("a", release);
    AtomicInteger probes = new AtomicInteger();

    assertThat(
            cache.get(
                "a",
                Duration.ofMillis(20),
                time,
                () -> {
                  probes.incrementAndGet();
                  return new CapabilityCache.Probed.Answer(TOOLS);
                }))
        .as("the probe in flight is not run twice; this caller gives up waiting")
        .isEqualTo(Capabilities.unknown());
    assertThat(probes).hasValue(0);
    assertThat(cache.get("b", LONG, time, () -> new CapabilityCache.Probed.Answer(TOOLS)))
        .isEqualTo(TOOLS);

    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(TOOLS);
    assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Failed()))
        .isEqualTo(TOOLS);
  }

  @Test
  void anInterruptedWaiterReturnsAtOnceWithItsFlagSet() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    blockedProbe("a", release);
    Thread.currentThread().interrupt();
    try {
      assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Failed()))
          .isEqualTo(Capabilities.unknown());
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      release.countDown();
    }
  }

  @Test
  void aProbeCutShortIsNotRememberedAndAFailedOneIsForAMinute() {
    AtomicInteger probes = new AtomicInteger();
    cache.get(
        "a",
        LONG,
        time,
        () -> {
          probes.incrementAndGet();
          return new CapabilityCache.Probed.CutShort();
        });
    cache.get(
        "a",
        LONG,
        time,
        () -> {
          probes.incrementAndGet();
          return new CapabilityCache.Probed.Failed();
        });
    assertThat(probes).hasValue(2);
    assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Answer(TOOLS)))
        .isEqualTo(Capabilities.unknown());
    time.advance(CapabilityCache.RETRY_FAILED_PROBE_AFTER);
    assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Answer(TOOLS)))
        .isEqualTo(TOOLS);
  }

  @Test
  void aProbeThatThrowsLeavesNoStuckEntryBehind() {
    assertThatThrownBy(
            () ->
                cache.get(
                    "a",
                    LONG,
                    time,
                    () -> {
                      throw new AssertionError("boom");
                    }))
        .isInstanceOf(AssertionError.class);
    assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Answer(TOOLS)))
        .isEqualTo(TOOLS);
  }

  @Test
  void cancellingTheCallEndsItsWaitForAnotherCallersProbeAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<Capabilities> first = blockedProbe("a", release);
    Cancellation cancellation = new Cancellation();
    AtomicReference<Thread> waiterThread = new AtomicReference<>();
    AtomicInteger probes = new AtomicInteger();
    Future<Capabilities> waiter =
        pool.submit(
            () -> {
              waiterThread.set(Thread.currentThread());
              Cancellation.Registration scope = cancellation.enter();
              try {
                return cache.get(
                    "a",
                    LONG,
                    time,
                    () -> {
                      probes.incrementAndGet();
                      return new CapabilityCache.Probed.Answer(TOOLS);
                    });
              } finally {
                scope.close();
              }
            });
    // Bounded wait for the waiter to block on the other caller's probe.
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (waiterThread.get() == null
        || waiterThread.get().getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("the waiter blocks").isLessThan(giveUp);
      Thread.onSpinWait();
    }

    // What closing a stream does: not an interrupt, a cancellation of the call.
    cancellation.cancel();

    assertThat(waiter.get(2, TimeUnit.SECONDS))
        .as("the wait ends at once, not after the 10 s the caller may wait")
        .isEqualTo(Capabilities.unknown());
    assertThat(probes).hasValue(0);
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(TOOLS);
    assertThat(cache.get("a", LONG, time, () -> new CapabilityCache.Probed.Failed()))
        .as("the other caller's answer is kept")
        .isEqualTo(TOOLS);
  }
}
