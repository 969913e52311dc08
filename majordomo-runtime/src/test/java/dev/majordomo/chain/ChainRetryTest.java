package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Same-target retries, backoff, Retry-After, and how retries meet the health tracker. */
class ChainRetryTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void oneTransientIsRecoveredByARetryOfTheSameTarget() {
    f.fake.model("a").fail(503).reply("recovered");
    f.fake.model("b").reply("never");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("recovered");
    assertThat(response.answeredBy()).isEqualTo(target("a"));
    assertThat(f.clock.sleeps()).containsExactly(Duration.ofMillis(500));
    assertThat(f.fake.requests("a")).hasSize(2);
    assertThat(f.fake.requests("b")).isEmpty();
    // The success wiped the failure.
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void retriesDisabledMoveOnAtOnce() {
    f.fake.model("a").fail(503).reply("never");
    f.fake.model("b").reply("from b");

    Response response =
        f.chain(FailoverPolicy.DEFAULT.withTransientRetries(0), "a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.events(ChainEvent.Retrying.class)).isEmpty();
  }

  @Test
  void threeRetriesBackOffExponentiallyUpToTheCap() {
    FailoverPolicy policy =
        FailoverPolicy.DEFAULT
            .withTransientRetries(3)
            .withBackoffBase(Duration.ofMillis(400))
            .withBackoffMax(Duration.ofMillis(1000))
            .withHealth(HealthPolicy.DEFAULT.withThreshold(10));
    f.fake.model("a").fail(500).fail(502).fail(503).reply("fourth time lucky");

    Response response = f.chain(policy, "a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("fourth time lucky");
    assertThat(f.clock.sleeps())
        .containsExactly(Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1000));
    assertThat(f.events(ChainEvent.Retrying.class))
        .extracting(ChainEvent.Retrying::attempt)
        .containsExactly(2, 3, 4);
  }

  @Test
  void threeRetriesThenMoveOn() {
    FailoverPolicy policy =
        FailoverPolicy.DEFAULT
            .withTransientRetries(3)
            .withHealth(HealthPolicy.DEFAULT.withThreshold(10));
    f.fake.model("a").fail(503).fail(503).fail(503).fail(503).reply("never");
    f.fake.model("b").reply("from b");

    Response response = f.chain(policy, "a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).hasSize(4);
    assertThat(f.fake.model("a").pending()).isEqualTo(1);
    assertThat(f.clock.sleeps())
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void retryAfterIsHonouredInsteadOfTheBackoff() {
    f.fake.model("a").fail(429, null, Duration.ofSeconds(7)).reply("ok");

    f.chain("a").call(HELLO);

    assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterIsCappedByThePolicy() {
    f.fake.model("a").fail(429, null, Duration.ofMinutes(5)).reply("ok");
    f.chain("a").call(HELLO);
    assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(30));

    f.fake.model("a").fail(503, null, Duration.ofSeconds(12)).reply("ok");
    f.chain(FailoverPolicy.DEFAULT.withRetryAfterCap(Duration.ofSeconds(4)), "a").call(HELLO);
    assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(4));
  }

  @Test
  void repeatedTransientsBenchTheTargetAndAdvance() {
    f.fake.model("a").fail(503).fail(503).fail(503).reply("never");
    f.fake.model("b").defaultReply("from b");
    Chain chain = f.chain("a", "b");

    // Two failures (the first try and its retry): not yet benched.
    assertThat(chain.call(HELLO).answeredBy()).isEqualTo(target("b"));
    assertThat(f.tracker.isBenched(target("a"))).isFalse();

    // The third failure reaches the threshold: benched, and no retry wasted on it.
    Instant now = f.clock.now();
    Response second = chain.call(HELLO);
    assertThat(second.answeredBy()).isEqualTo(target("b"));
    assertThat(f.tracker.benchedUntil(target("a"))).contains(now.plusSeconds(30));
    assertThat(f.fake.requests("a")).hasSize(3);
    assertThat(f.events(ChainEvent.Benched.class))
        .containsExactly(new ChainEvent.Benched(target("a"), now.plusSeconds(30)));

    // While benched, a is not even called.
    Response third = chain.call(HELLO);
    assertThat(third.answeredBy()).isEqualTo(target("b"));
    assertThat(third.attempts().get(0).benchedUntil()).isEqualTo(now.plusSeconds(30));
    assertThat(f.fake.requests("a")).hasSize(3);
  }

  @Test
  void theRetryLoopStopsWhenThisCallReachesTheThreshold() {
    FailoverPolicy fiveRetries = FailoverPolicy.DEFAULT.withTransientRetries(5);
    f.fake.model("a").fail(503).fail(503).fail(503).fail(503).reply("never");
    f.fake.model("b").reply("from b");

    Response response = f.chain(fiveRetries, "a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).as("threshold 3 benches on the third failure").hasSize(3);
    assertThat(f.clock.sleeps()).hasSize(2);
    assertThat(f.tracker.isBenched(target("a"))).isTrue();
  }

  @Test
  void theRetryLoopStopsWhenAnotherCallerBenchesTheTargetMeanwhile() {
    f.fake.model("a").fail(503).reply("never");
    f.fake.model("b").reply("from b");
    // While this call waits on a, other callers see a fail and bench it.
    Chain chain =
        f.chainWrapping(
            "a",
            model ->
                new Model() {
                  @Override
                  public Response call(Request request) {
                    f.bench("a");
                    return model.call(request);
                  }

                  @Override
                  public ResponseStream stream(Request request) {
                    return model.stream(request);
                  }
                },
            "a",
            "b");

    Response response = chain.call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.events(ChainEvent.Retrying.class)).isEmpty();
    // The bench is the other callers'; this call's late failure neither extends nor repeats it.
    assertThat(f.events(ChainEvent.Benched.class)).isEmpty();
    assertThat(f.tracker.state(target("a")).round()).isEqualTo(1);
  }

  @Test
  void aRetryThatWouldBenchAProbationTargetMovesOnAtOnce() {
    f.bench("a");
    f.clock.advance(Duration.ofSeconds(30));
    f.fake.model("a").fail(503).reply("never");
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.tracker.state(target("a")).round()).isEqualTo(2);
  }
}
