package dev.majordomo.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.majordomo.Registry;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a registry merges what other instances send: updates may come late, twice or out of order,
 * and a merge never shortens what is on record.
 */
class SharedHealthUpdatesTest {
  private static final Target A = Target.of("fake", "a");

  private final FakeTimeSource clock = new FakeTimeSource();
  private final Instant t0 = clock.now();
  private final FakeProvider fake = new FakeProvider();
  private final Capture shared = new Capture();
  private final Registry registry =
      Registry.builder()
          .withoutProviderDiscovery()
          .provider(fake)
          .env(Map.of())
          .time(clock)
          .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
          .sharedHealth(shared)
          .build();
  private final HealthView health = registry.health();

  /** Keeps the updates the registry gave it. */
  static class Capture implements SharedHealth {
    HealthUpdates updates;
    int starts;

    @Override
    public void start(HealthUpdates value) {
      updates = value;
      starts++;
    }

    @Override
    public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {}

    @Override
    public void rateLimited(Target target, Instant until) {}

    @Override
    public void recovered(Target target) {}

    @Override
    public void close() {}
  }

  @Test
  void theRegistryStartsItOnceWhenBuilt() {
    assertThat(shared.starts).isEqualTo(1);
    assertThat(shared.updates).isNotNull();
  }

  @Test
  void aRemoteBenchPutsTheTargetOnProbationHereAfterItEnds() {
    shared.updates.benched(A, 1, t0.plusSeconds(30));

    assertThat(health.state(A)).isEqualTo(new TargetHealth(3, 1, t0.plusSeconds(30)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(health.isBenched(A)).isFalse();
    fake.model("a").fail(503);
    fake.model("b").defaultReply("b");
    registry.chain("fake/a,fake/b").call(Request.of(Message.user("hi")));

    // One failure on probation benches again, for the next round's doubled cooldown.
    assertThat(health.state(A)).isEqualTo(new TargetHealth(3, 2, clock.now().plusSeconds(60)));
  }

  @Test
  void aLateBenchWithAnOlderEndDoesNotShortenTheBench() {
    shared.updates.benched(A, 2, t0.plusSeconds(60));
    shared.updates.benched(A, 1, t0.plusSeconds(30));

    assertThat(health.state(A)).isEqualTo(new TargetHealth(3, 2, t0.plusSeconds(60)));
  }

  @Test
  void theLaterEndAndTheHigherRoundWinSeparately() {
    shared.updates.benched(A, 2, t0.plusSeconds(20));
    shared.updates.benched(A, 1, t0.plusSeconds(30));

    assertThat(health.state(A)).isEqualTo(new TargetHealth(3, 2, t0.plusSeconds(30)));
  }

  @Test
  void aDuplicateChangesNothing() {
    shared.updates.benched(A, 1, t0.plusSeconds(30));
    TargetHealth once = health.state(A);
    shared.updates.benched(A, 1, t0.plusSeconds(30));

    assertThat(health.state(A)).isSameAs(once);
  }

  @Test
  void aRemoteBenchNeverLowersALocalCountOrRound() {
    fake.model("a").fail(503).fail(503).fail(503);
    fake.model("b").defaultReply("b");
    for (int i = 0; i < 3; i++) {
      registry.chain("fake/a,fake/b").call(Request.of(Message.user("hi")));
    }
    clock.advance(Duration.ofSeconds(30));
    fake.model("a").fail(503);
    registry.chain("fake/a,fake/b").call(Request.of(Message.user("hi")));
    TargetHealth local = health.state(A);
    assertThat(local.round()).isEqualTo(2);

    shared.updates.benched(A, 1, clock.now().plusSeconds(5));

    assertThat(health.state(A)).isEqualTo(local);
  }

  @Test
  void aBenchAlreadyOverIsIgnored() {
    shared.updates.benched(A, 1, t0);
    shared.updates.rateLimited(A, t0.minusSeconds(1));

    assertThat(health.snapshot()).isEmpty();
  }

  @Test
  void aRecoveryClearsTheTarget() {
    shared.updates.benched(A, 3, t0.plusSeconds(120));
    shared.updates.rateLimited(A, t0.plusSeconds(200));
    shared.updates.recovered(A);

    assertThat(health.snapshot()).isEmpty();
    assertThat(health.isBenched(A)).isFalse();
  }

  @Test
  void aBenchThatArrivesAfterARecoveryBenchesAgainUntilItsEnd() {
    // Updates carry no version: a bench that arrives after a recovery cannot be told from a new
    // one, and is applied (docs/failover.md says why: a wrong bench costs a failover for at most
    // its cooldown; a lost one costs failed calls on every instance).
    shared.updates.benched(A, 1, t0.plusSeconds(30));
    shared.updates.recovered(A);
    shared.updates.benched(A, 1, t0.plusSeconds(30));

    assertThat(health.benchedUntil(A)).contains(t0.plusSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(health.isBenched(A)).isFalse();
  }

  @Test
  void aRemoteRateLimitIsNoFailureAndTheLaterEndWins() {
    shared.updates.rateLimited(A, t0.plusSeconds(20));
    shared.updates.rateLimited(A, t0.plusSeconds(10));

    assertThat(health.state(A)).isEqualTo(new TargetHealth(0, 0, null, t0.plusSeconds(20)));
    assertThat(health.rateLimitedUntil(A)).contains(t0.plusSeconds(20));
    assertThat(health.isBenched(A)).isFalse();
  }

  @Test
  void malformedUpdatesAreIgnoredWithoutThrowing() {
    assertThatCode(
            () -> {
              shared.updates.benched(null, 1, t0.plusSeconds(1));
              shared.updates.benched(A, 1, null);
              shared.updates.rateLimited(A, null);
              shared.updates.recovered(null);
            })
        .doesNotThrowAnyException();
    // A round below 1 is read as the first.
    shared.updates.benched(A, -5, t0.plusSeconds(30));
    assertThat(health.state(A)).isEqualTo(new TargetHealth(3, 1, t0.plusSeconds(30)));
  }

  @Test
  void aRemoteRoundAsHighAsAnIntGoesDoesNotFailTheNextCall() {
    // Any instance (or any program with access to the shared store) can announce any round.
    shared.updates.benched(A, Integer.MAX_VALUE, t0.plusSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    fake.model("a").fail(503);
    fake.model("b").defaultReply("b");

    assertThatCode(() -> registry.chain("fake/a,fake/b").call(Request.of(Message.user("hi"))))
        .doesNotThrowAnyException();

    // On probation, benched again: the round stays at its ceiling, the cooldown at the cap.
    assertThat(health.state(A))
        .isEqualTo(
            new TargetHealth(3, Integer.MAX_VALUE, clock.now().plus(Duration.ofMinutes(10))));
  }

  @Test
  void aRemoteBenchOrRateLimitLastsNoLongerThanTheLongestCooldownFromNow() {
    // A bench dated by a clock an hour ahead, the end of time, a rate limit of a day: none lasts
    // here longer than this registry's longest cooldown (10 min), counted by its own clock.
    Target b = Target.of("fake", "b");
    Target c = Target.of("fake", "c");
    shared.updates.benched(A, 1, t0.plus(Duration.ofHours(1)).plusSeconds(30));
    shared.updates.benched(b, 1, Instant.MAX);
    shared.updates.rateLimited(c, t0.plus(Duration.ofDays(1)));

    Instant cap = t0.plus(Duration.ofMinutes(10));
    assertThat(health.benchedUntil(A)).contains(cap);
    assertThat(health.benchedUntil(b)).contains(cap);
    assertThat(health.rateLimitedUntil(c)).contains(cap);
  }

  @Test
  void aChainWithALongerCooldownKeepsRemoteBenchesAsLongAsItsOwn() {
    // Another instance benched c under a chain policy of up to an hour; this one has the same
    // chain, which has not failed here yet.
    HealthPolicy hourly = new HealthPolicy(1, Duration.ofMinutes(30), Duration.ofHours(1));
    registry.chain("fake/c,fake/b", FailoverPolicy.DEFAULT.withHealth(hourly));
    Target c = Target.of("fake", "c");

    shared.updates.benched(c, 2, t0.plus(Duration.ofMinutes(50)));

    assertThat(health.benchedUntil(c)).contains(t0.plus(Duration.ofMinutes(50)));
  }

  @Test
  void afterCloseUpdatesAreIgnored() {
    registry.close();

    shared.updates.benched(A, 1, t0.plusSeconds(30));
    shared.updates.rateLimited(A, t0.plusSeconds(30));

    assertThat(health.snapshot()).isEmpty();
  }
}
