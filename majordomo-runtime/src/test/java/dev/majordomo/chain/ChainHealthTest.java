package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Benching, cooldowns and re-admission as seen through chain calls. */
class ChainHealthTest {
  private final ChainFixture f = new ChainFixture();
  private final FailoverPolicy noRetries = FailoverPolicy.DEFAULT.withTransientRetries(0);

  @Test
  void whenTheCooldownEndsTheTargetIsTriedAgainAndASuccessResetsIt() {
    f.fake.model("a").fail(503).fail(503).fail(503).reply("back again");
    f.fake.model("b").defaultReply("from b");
    Chain chain = f.chain(noRetries, "a", "b");
    for (int i = 0; i < 3; i++) {
      chain.call(HELLO);
    }
    assertThat(f.tracker.isBenched(target("a"))).isTrue();
    assertThat(chain.call(HELLO).attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);

    f.clock.advance(Duration.ofSeconds(30));

    assertThat(chain.call(HELLO).answeredBy()).isEqualTo(target("a"));
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void everyBenchRoundDoublesTheCooldownUntilASuccess() {
    f.fake.model("b").defaultReply("from b");
    Chain chain = f.chain(noRetries, "a", "b");
    f.fake.model("a").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      chain.call(HELLO);
    }
    Duration[] expected = {
      Duration.ofSeconds(30),
      Duration.ofSeconds(60),
      Duration.ofSeconds(120),
      Duration.ofSeconds(240)
    };
    for (int round = 1; round < expected.length; round++) {
      f.clock.advance(expected[round - 1]);
      // On probation: a single failure benches it again, for twice as long.
      f.fake.model("a").fail(503);
      Instant now = f.clock.now();
      assertThat(chain.call(HELLO).answeredBy()).isEqualTo(target("b"));
      assertThat(f.tracker.benchedUntil(target("a"))).contains(now.plus(expected[round]));
    }
    f.clock.advance(expected[expected.length - 1]);
    f.fake.model("a").reply("healthy");
    assertThat(chain.call(HELLO).answeredBy()).isEqualTo(target("a"));
    // After the success the full threshold and the base cooldown apply again.
    f.fake.model("a").fail(503).fail(503);
    chain.call(HELLO);
    chain.call(HELLO);
    assertThat(f.tracker.isBenched(target("a"))).isFalse();
  }

  @Test
  void aChainMayJudgeFailuresWithItsOwnHealthPolicy() {
    FailoverPolicy strict =
        noRetries.withHealth(new HealthPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(5)));
    f.fake.model("a").fail(503);
    f.fake.model("b").reply("from b");
    Instant now = f.clock.now();

    f.chain(strict, "a", "b").call(HELLO);

    assertThat(f.tracker.benchedUntil(target("a"))).contains(now.plusSeconds(5));
  }

  @Test
  void benchesAreSharedByEveryChainOnTheTracker() {
    f.bench("a");
    f.fake.model("b").reply("from b");

    assertThat(f.chain("b", "a").targets()).containsExactly(target("b"), target("a"));
    Chain other = f.chain("a", "b");
    assertThat(other.call(HELLO).attempts().get(0).detail()).startsWith("benched until ");
  }

  @Test
  void eachSkipOfABenchedTargetNamesTheEndOfItsCurrentBench() {
    f.fake.model("b").defaultReply("from b");
    Chain chain = f.chain(noRetries, "a", "b");
    f.fake.model("a").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      chain.call(HELLO);
    }
    Instant firstEnd = f.tracker.benchedUntil(target("a")).orElseThrow();
    Attempt first = chain.call(HELLO).attempts().get(0);
    Attempt again = chain.call(HELLO).attempts().get(0);
    assertThat(again).isEqualTo(first).isEqualTo(Attempt.skippedBenched(target("a"), firstEnd));

    // The bench ends, the target fails on probation and is benched again, until a later instant.
    f.clock.advance(Duration.ofSeconds(30));
    f.fake.model("a").fail(503);
    chain.call(HELLO);
    Instant secondEnd = f.tracker.benchedUntil(target("a")).orElseThrow();
    assertThat(secondEnd).isAfter(firstEnd);

    Attempt later = chain.call(HELLO).attempts().get(0);
    assertThat(later.benchedUntil()).isEqualTo(secondEnd);
    assertThat(later.detail()).isEqualTo("benched until " + secondEnd);
    assertThat(later).isEqualTo(Attempt.skippedBenched(target("a"), secondEnd));
  }
}
