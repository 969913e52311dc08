package dev.majordomo.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
  private static final Target A = Target.of("fake", "a");
  private static final Target B = Target.of("fake", "b");

  private final FakeTimeSource clock = new FakeTimeSource();
  private final HealthTracker tracker = new HealthTracker(HealthPolicy.DEFAULT, clock);

  private Optional<Instant> fail(Target target, int times) {
    Optional<Instant> last = Optional.empty();
    for (int i = 0; i < times; i++) {
      last = tracker.recordFailure(target);
    }
    return last;
  }

  @Test
  void failuresBelowTheThresholdDoNotBench() {
    assertThat(fail(A, 2)).isEmpty();
    assertThat(tracker.isBenched(A)).isFalse();
    assertThat(tracker.state(A)).isEqualTo(new TargetHealth(2, 0, null));
  }

  @Test
  void theThresholdthFailureBenchesForTheBaseCooldown() {
    Instant start = clock.now();
    tracker.recordFailure(A);
    tracker.recordFailure(A);
    Optional<Instant> until = tracker.recordFailure(A);

    assertThat(until).contains(start.plusSeconds(30));
    assertThat(tracker.benchedUntil(A)).contains(start.plusSeconds(30));
    assertThat(tracker.state(A)).isEqualTo(new TargetHealth(3, 1, start.plusSeconds(30)));
    assertThat(tracker.isBenched(B)).isFalse();
  }

  @Test
  void failuresWhileBenchedNeitherExtendNorCount() {
    Instant until = fail(A, 3).orElseThrow();
    clock.advance(Duration.ofSeconds(10));
    assertThat(fail(A, 5)).isEmpty();
    assertThat(tracker.state(A)).isEqualTo(new TargetHealth(3, 1, until));
  }

  @Test
  void theBenchEndsExactlyAtItsEnd() {
    Instant until = fail(A, 3).orElseThrow();
    clock.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(tracker.isBenched(A)).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(clock.now()).isEqualTo(until);
    assertThat(tracker.isBenched(A)).isFalse();
    assertThat(tracker.benchedUntil(A)).isEmpty();
  }

  @Test
  void aReadmittedTargetIsOnProbationAndOneFailureBenchesItForTwiceAsLong() {
    fail(A, 3);
    clock.advance(Duration.ofSeconds(30));
    assertThat(tracker.isBenched(A)).isFalse();
    assertThat(tracker.state(A).consecutiveFailures()).isEqualTo(3);

    Instant now = clock.now();
    assertThat(tracker.recordFailure(A)).contains(now.plusSeconds(60));
    assertThat(tracker.state(A).round()).isEqualTo(2);
  }

  @Test
  void cooldownsDoubleEveryRoundAndStopAtTheCap() {
    fail(A, 2);
    long[] expectedSeconds = {30, 60, 120, 240, 480, 600, 600, 600};
    for (int round = 1; round <= expectedSeconds.length; round++) {
      Instant now = clock.now();
      Instant until = tracker.recordFailure(A).orElseThrow();
      assertThat(Duration.between(now, until))
          .as("round %d", round)
          .isEqualTo(Duration.ofSeconds(expectedSeconds[round - 1]));
      assertThat(tracker.state(A).round()).isEqualTo(round);
      clock.advance(Duration.between(now, until));
    }
  }

  @Test
  void aSuccessResetsCountRoundAndBench() {
    fail(A, 3);
    clock.advance(Duration.ofSeconds(30));
    fail(A, 1); // round 2
    tracker.recordSuccess(A);

    assertThat(tracker.isBenched(A)).isFalse();
    assertThat(tracker.state(A)).isEqualTo(TargetHealth.HEALTHY);
    assertThat(tracker.snapshot()).doesNotContainKey(A);
    // Back to the full threshold and the base cooldown.
    assertThat(fail(A, 2)).isEmpty();
    Instant now = clock.now();
    assertThat(tracker.recordFailure(A)).contains(now.plusSeconds(30));
  }

  @Test
  void aSuccessBetweenFailuresRestartsTheCount() {
    fail(A, 2);
    tracker.recordSuccess(A);
    assertThat(fail(A, 2)).isEmpty();
    assertThat(tracker.isBenched(A)).isFalse();
  }

  @Test
  void aChainPolicyOverridesThresholdAndCooldownsOnTheSharedState() {
    HealthPolicy strict = new HealthPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(20));
    Instant now = clock.now();
    assertThat(tracker.recordFailure(A, strict)).contains(now.plusSeconds(5));
    // The registry's tracker sees the same bench.
    assertThat(tracker.isBenched(A)).isTrue();
    // null means the tracker's own policy.
    assertThat(tracker.recordFailure(B, null)).isEmpty();
    assertThat(tracker.state(B).consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void snapshotHoldsEveryFailingTargetAndIsACopy() {
    fail(A, 3);
    fail(B, 1);
    var snapshot = tracker.snapshot();
    assertThat(snapshot).containsOnlyKeys(A, B);
    assertThat(snapshot.get(B).consecutiveFailures()).isEqualTo(1);
    tracker.recordSuccess(B);
    assertThat(snapshot).containsKey(B);
    assertThat(tracker.snapshot()).containsOnlyKeys(A);
  }

  @Test
  void aSuccessLeavesNoEntryAndASuccessOnAnUnknownTargetAddsNone() {
    fail(A, 2);
    assertThat(tracker.trackedTargets()).isEqualTo(1);
    tracker.recordSuccess(A);
    assertThat(tracker.trackedTargets()).isZero();
    tracker.recordSuccess(Target.of("fake", "never-failed"));
    assertThat(tracker.trackedTargets()).isZero();
    assertThat(tracker.snapshot()).isEmpty();
  }

  @Test
  void distinctFailingTargetsAreTrackedUpToABound() {
    for (int i = 0; i < 100_000; i++) {
      tracker.recordFailure(Target.of("openai", "m" + i));
      assertThat(tracker.trackedTargets()).isLessThanOrEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
    }
    // A target that keeps failing is still benched: the tracker makes room for it.
    assertThat(fail(A, 3)).isPresent();
    assertThat(tracker.isBenched(A)).isTrue();
    assertThat(tracker.snapshot()).hasSizeLessThanOrEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
  }

  @Test
  void aFloodOfTargetsFailingOnceDoesNotWipeTheCountOfATargetOnItsWayToABench() {
    assertThat(fail(A, 2)).isEmpty(); // threshold 3: one more failure benches it
    for (int i = 0; i < 10 * HealthTracker.MAX_TRACKED_TARGETS; i++) {
      tracker.recordFailure(Target.of("openai", "flood" + i));
    }
    assertThat(tracker.trackedTargets()).isLessThanOrEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
    assertThat(fail(A, 1)).isPresent();
    assertThat(tracker.isBenched(A)).isTrue();
  }

  @Test
  void makingRoomNeverDropsABenchedTarget() {
    HealthTracker strict =
        new HealthTracker(
            new HealthPolicy(1, Duration.ofSeconds(30), Duration.ofMinutes(10)), clock);
    for (int i = 0; i < HealthTracker.MAX_TRACKED_TARGETS; i++) {
      assertThat(strict.recordFailure(Target.of("openai", "m" + i))).isPresent();
    }
    // Every entry is a live bench: a new target is not tracked rather than freeing a benched one.
    assertThat(strict.recordFailure(A)).isEmpty();
    assertThat(strict.trackedTargets()).isEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
    assertThat(strict.isBenched(Target.of("openai", "m0"))).isTrue();
    // Once the benches are over, their entries make room.
    clock.advance(Duration.ofSeconds(30));
    assertThat(strict.recordFailure(A)).isPresent();
    assertThat(strict.trackedTargets()).isLessThanOrEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
  }

  @Test
  void anEndlessCooldownBenchesToTheEndOfTime() {
    // Regression: a cap beyond what Instant can hold overflowed instead of benching.
    HealthTracker forever =
        new HealthTracker(
            new HealthPolicy(
                1, ChronoUnit.MILLENNIA.getDuration(), ChronoUnit.FOREVER.getDuration()),
            clock);
    int rounds = 0;
    Instant until = forever.recordFailure(A).orElseThrow();
    while (!until.equals(Instant.MAX)) {
      assertThat(++rounds).as("rounds before the bench reaches Instant.MAX").isLessThan(30);
      clock.advance(Duration.between(clock.now(), until));
      until = forever.recordFailure(A).orElseThrow();
    }
    assertThat(forever.isBenched(A)).isTrue();
    assertThat(forever.state(A).round()).isEqualTo(rounds + 1);
  }

  @Test
  void aLiveRateLimitIsKeptWhenTheTrackerIsFull() {
    for (int i = 0; i < HealthTracker.MAX_TRACKED_TARGETS; i++) {
      tracker.recordRateLimit(Target.of("openai", "m" + i), Duration.ofSeconds(20), null);
    }

    // Every entry is a live rate limit: a new target is not tracked rather than freeing one.
    assertThat(tracker.recordFailure(A)).isEmpty();
    assertThat(tracker.state(A)).isEqualTo(TargetHealth.HEALTHY);
    assertThat(tracker.rateLimitedUntil(Target.of("openai", "m0"))).isPresent();
    clock.advance(Duration.ofSeconds(20));
    tracker.recordFailure(A);
    assertThat(tracker.state(A).consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void aWaitThatIsNotPositiveRecordsNothing() {
    assertThat(tracker.recordRateLimit(A, Duration.ZERO, null)).isEmpty();
    assertThat(tracker.recordRateLimit(A, Duration.ofSeconds(-1), null)).isEmpty();
    assertThat(tracker.entry(A)).isNull();
  }

  @Test
  void aRateLimitKeepsTheCountAndASuccessClearsBoth() {
    fail(A, 2);
    Instant until = tracker.recordRateLimit(A, Duration.ofSeconds(5), null).orElseThrow();

    assertThat(tracker.entry(A)).isEqualTo(new TargetHealth(2, 0, null, until));
    // A failure keeps the rate limit; at the threshold it benches as usual.
    Instant benched = tracker.recordFailure(A).orElseThrow();
    assertThat(tracker.state(A)).isEqualTo(new TargetHealth(3, 1, benched, until));
    tracker.recordSuccess(A);
    assertThat(tracker.entry(A)).isNull();
  }
}
