package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A 429 with a Retry-After: the call that received it waits and retries as before, and every other
 * call skips the target until the wait is over, without counting a failure or a bench round.
 */
class ChainRateLimitTest {
  private final ChainFixture f = new ChainFixture();
  private static final FailoverPolicy NO_RETRY = FailoverPolicy.DEFAULT.withTransientRetries(0);

  @Test
  void otherCallsSkipARateLimitedTargetUntilItsRetryAfter() {
    f.fake.model("a").fail(429, "rate_limit_exceeded", Duration.ofSeconds(20));
    f.fake.model("a").defaultReply("from a");
    f.fake.model("b").defaultReply("from b");
    Instant until = f.clock.now().plusSeconds(20);

    assertThat(f.chain(NO_RETRY, "a", "b").call(HELLO).text()).isEqualTo("from b");
    Response skipped = f.chain(NO_RETRY, "a", "b").call(HELLO);

    assertThat(skipped.text()).isEqualTo("from b");
    Attempt first = skipped.attempts().get(0);
    assertThat(first.outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(first.detail()).isEqualTo("rate-limited until " + until);
    assertThat(first.benchedUntil()).isNull();
    assertThat(f.events(ChainEvent.Skipped.class))
        .containsExactly(new ChainEvent.Skipped(target("a"), "rate-limited until " + until));
    assertThat(f.fake.requests("a")).hasSize(1);
    // The 429 counted once, as any transient failure; the rate limit itself adds nothing.
    assertThat(f.tracker.state(target("a"))).isEqualTo(new TargetHealth(1, 0, null, until));
    assertThat(f.tracker.isBenched(target("a"))).isFalse();
    assertThat(f.tracker.rateLimitedUntil(target("a"))).contains(until);

    f.clock.advance(Duration.ofSeconds(20));
    assertThat(f.chain(NO_RETRY, "a", "b").call(HELLO).text()).isEqualTo("from a");
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @Test
  void theCallThatReceivedTheRateLimitStillWaitsAndRetries() {
    f.fake.model("a").fail(429, null, Duration.ofSeconds(20)).reply("after the wait");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("after the wait");
    assertThat(f.clock.sleeps()).containsExactly(Duration.ofSeconds(20));
    // Its success cleared the rate limit for everyone.
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @Test
  void theCooldownIsCappedAtTheLongestBench() {
    f.fake.model("a").fail(429, null, Duration.ofDays(3));
    f.fake.model("b").defaultReply("from b");

    f.chain(NO_RETRY, "a", "b").call(HELLO);

    assertThat(f.tracker.rateLimitedUntil(target("a")))
        .contains(f.clock.now().plus(HealthPolicy.DEFAULT.maxCooldown()));
  }

  @Test
  void aRateLimitWithoutRetryAfterOrAnotherStatusWithOneIsAPlainFailure() {
    f.fake.model("a").fail(429).fail(503, null, Duration.ofSeconds(20));
    f.fake.model("a").defaultReply("from a");
    f.fake.model("b").defaultReply("from b");

    f.chain(NO_RETRY, "a", "b").call(HELLO);
    f.chain(NO_RETRY, "a", "b").call(HELLO);

    assertThat(f.tracker.state(target("a"))).isEqualTo(new TargetHealth(2, 0, null));
    assertThat(f.chain(NO_RETRY, "a", "b").call(HELLO).text()).isEqualTo("from a");
  }

  @Test
  void aLaterRateLimitExtendsAnEarlierOneButNeverShortensIt() {
    Instant start = f.clock.now();
    f.tracker.recordRateLimit(target("a"), Duration.ofSeconds(20), null);
    f.tracker.recordRateLimit(target("a"), Duration.ofSeconds(5), null);
    assertThat(f.tracker.rateLimitedUntil(target("a"))).contains(start.plusSeconds(20));

    f.clock.advance(Duration.ofSeconds(10));
    f.tracker.recordRateLimit(target("a"), Duration.ofSeconds(30), null);
    assertThat(f.tracker.rateLimitedUntil(target("a"))).contains(start.plusSeconds(40));
  }

  @Test
  void aBenchWinsTheReasonWhenATargetIsBothBenchedAndRateLimited() {
    f.bench("a");
    f.tracker.recordRateLimit(target("a"), Duration.ofSeconds(5), null);
    f.fake.model("b").defaultReply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.attempts().get(0).detail()).startsWith("benched until ");
    assertThat(f.tracker.state(target("a")).round()).isEqualTo(1);
  }
}
