package dev.majordomo.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Several registries (instances of one service) sharing health through an in-JVM hub: what one
 * learns, the others apply, while each decides "benched?" from its own tracker.
 */
class SharedHealthAcrossInstancesTest {
  private static final Request HELLO = Request.of(Message.user("hello"));
  private static final Target A = Target.of("fake", "a");
  // One attempt per target, so that each call counts exactly one failure.
  private static final FailoverPolicy NO_RETRY = FailoverPolicy.DEFAULT.withTransientRetries(0);

  private final FakeTimeSource clock = new FakeTimeSource();

  /** One instance: its own provider and registry, on the shared clock and hub. */
  private final class Instance {
    final FakeProvider fake = new FakeProvider();
    final InJvmHealthHub.Member shared;
    final Registry registry;

    Instance(InJvmHealthHub hub) {
      shared = hub.member();
      fake.model("a").defaultReply("from a");
      fake.model("b").defaultReply("from b");
      registry =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(fake)
              .env(java.util.Map.of())
              .time(clock)
              .failoverPolicy(NO_RETRY)
              .sharedHealth(shared)
              .build();
    }

    Chain chain() {
      return registry.chain("fake/a,fake/b");
    }

    Response call() {
      return chain().call(HELLO);
    }

    HealthView health() {
      return registry.health();
    }
  }

  @Test
  void aTargetBenchedOnOneInstanceIsSkippedOnAnotherThatNeverCalledIt() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    Instance first = new Instance(hub);
    Instance second = new Instance(hub);
    first.fake.model("a").fail(503).fail(503).fail(503);
    Instant start = clock.now();

    for (int i = 0; i < 3; i++) {
      assertThat(first.call().answeredBy()).isEqualTo(Target.of("fake", "b"));
    }

    assertThat(second.health().benchedUntil(A)).contains(start.plusSeconds(30));
    assertThat(second.health().state(A)).isEqualTo(new TargetHealth(3, 1, start.plusSeconds(30)));
    Response reply = second.call();
    assertThat(reply.text()).isEqualTo("from b");
    assertThat(reply.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(reply.attempts().get(0).detail()).startsWith("benched until ");
    assertThat(second.fake.requests("a")).isEmpty();
  }

  @Test
  void failuresOnThreeInstancesAddUpToABenchOnAllOfThem() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    Instance[] instances = {new Instance(hub), new Instance(hub), new Instance(hub)};

    for (Instance instance : instances) {
      // Below the threshold locally: no instance would bench A on its own.
      assertThat(instance.health().isBenched(A)).isFalse();
      instance.fake.model("a").fail(503);
      assertThat(instance.call().text()).isEqualTo("from b");
    }

    for (Instance instance : instances) {
      assertThat(instance.health().isBenched(A)).isTrue();
      assertThat(instance.call().attempts().get(0).detail()).startsWith("benched until ");
      assertThat(instance.fake.requests("a")).hasSize(1);
    }
  }

  @Test
  void aRetryAfterIsHonouredByEveryInstance() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    Instance first = new Instance(hub);
    Instance second = new Instance(hub);
    first.fake.model("a").fail(429, "rate_limit_exceeded", Duration.ofSeconds(20));
    Instant until = clock.now().plusSeconds(20);

    assertThat(first.call().text()).isEqualTo("from b");

    assertThat(second.health().rateLimitedUntil(A)).contains(until);
    Response reply = second.call();
    assertThat(reply.text()).isEqualTo("from b");
    assertThat(reply.attempts().get(0).detail()).isEqualTo("rate-limited until " + until);
    assertThat(second.fake.requests("a")).isEmpty();
    // A rate limit is no failure on the instance that did not see one.
    assertThat(second.health().state(A).consecutiveFailures()).isZero();

    clock.advance(Duration.ofSeconds(20));
    assertThat(second.call().text()).isEqualTo("from a");
  }

  @Test
  void aSuccessOnProbationReleasesTheTargetEverywhere() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    Instance first = new Instance(hub);
    Instance second = new Instance(hub);
    first.fake.model("a").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      first.call();
    }
    clock.advance(Duration.ofSeconds(30));
    // On probation on both: one more failure anywhere would bench it again.
    assertThat(second.health().state(A).consecutiveFailures()).isEqualTo(3);

    assertThat(first.call().text()).isEqualTo("from a");

    assertThat(second.health().snapshot()).isEmpty();
    second.fake.model("a").fail(503);
    second.call();
    assertThat(second.health().isBenched(A)).isFalse();
    assertThat(second.health().state(A)).isEqualTo(new TargetHealth(1, 0, null));
  }

  @Test
  void updatesDeliveredLateStillBenchAndAreAppliedOnce() {
    InJvmHealthHub hub = new InJvmHealthHub(true);
    Instance first = new Instance(hub);
    Instance second = new Instance(hub);
    first.fake.model("a").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      first.call();
    }
    assertThat(second.health().isBenched(A)).isFalse();

    assertThat(hub.drain()).isEqualTo(2); // to both, the sender included
    TargetHealth onFirst = first.health().state(A);
    assertThat(second.health().state(A)).isEqualTo(onFirst);
    assertThat(second.health().isBenched(A)).isTrue();
  }

  @Test
  void onlyCountedFailuresRateLimitsAndRecoveriesAreReported() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    Instance one = new Instance(hub);

    one.call();
    one.call();
    assertThat(one.shared.reported()).as("a healthy target's success costs nothing").isEmpty();

    one.fake.model("a").fail(503).fail(429, null, Duration.ofSeconds(5));
    one.call();
    Instant until = clock.now().plusSeconds(5);
    one.call();
    one.call(); // skips the rate-limited target: nothing to report
    clock.advance(Duration.ofSeconds(5));
    one.call();
    one.call();

    assertThat(one.shared.reported())
        .containsExactly(
            "failed fake/a 1",
            "failed fake/a 2",
            "rateLimited fake/a " + until,
            "recovered fake/a");
  }
}
