package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The call-wide deadline bounds every attempt and wait together. */
class ChainDeadlineTest {
  private final ChainFixture f = new ChainFixture();
  private final FailoverPolicy tenSeconds =
      FailoverPolicy.DEFAULT.withDeadline(Duration.ofSeconds(10));

  @Test
  void theDeadlineStopsTheChainAndStillListsTheAttempts() {
    // a takes 8 s to fail; its retry gets only what is left (1.5 s) and times out.
    f.fake
        .model("a")
        .delay(Duration.ofSeconds(8))
        .fail(503)
        .delay(Duration.ofSeconds(8))
        .reply("late");
    f.fake.model("b").reply("never reached");

    ChainDeadlineException e =
        catchThrowableOfType(
            ChainDeadlineException.class, () -> f.chain(tenSeconds, "a", "b").call(HELLO));

    assertThat(e).isInstanceOf(ChainExhaustedException.class);
    assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(e.attempts())
        .extracting(Attempt::target, Attempt::outcome, Attempt::detail)
        .containsExactly(
            tuple(target("a"), Attempt.Outcome.FAILED, null),
            tuple(target("a"), Attempt.Outcome.FAILED, null),
            tuple(target("b"), Attempt.Outcome.SKIPPED, "deadline passed"));
    assertThat(e.getMessage())
        .startsWith("the chain's deadline of 10000 ms passed before any target answered")
        .contains("fake/b: skipped: deadline passed");
    assertThat(e.getSuppressed()).hasSize(2);
    assertThat(f.fake.requests("b")).isEmpty();
    assertThat(f.clock.sleeps())
        .containsExactly(Duration.ofSeconds(8), Duration.ofMillis(500), Duration.ofMillis(1500));
    // Each attempt was told how long it had left.
    assertThat(f.fake.requests("a"))
        .extracting(r -> r.options().timeout())
        .containsExactly(Duration.ofSeconds(10), Duration.ofMillis(1500));
    assertThat(f.events(ChainEvent.Exhausted.class)).hasSize(1);
  }

  @Test
  void aBackoffThatWouldPassTheDeadlineIsNotWaitedOut() {
    f.fake.model("a").fail(429, null, Duration.ofSeconds(20)).reply("never");
    f.fake.model("b").reply("from b");

    Response response = f.chain(tenSeconds, "a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.fake.requests("a")).hasSize(1);
  }

  @Test
  void theRemainingTimeShortensOnlyLongerRequestTimeouts() {
    f.fake.model("a").delay(Duration.ofSeconds(3)).fail(404);
    f.fake.model("b").defaultReply("from b");
    Request patient =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMinutes(1)));

    f.chain(tenSeconds, "a", "b").call(patient);

    assertThat(f.fake.requests("a").get(0).options().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(f.fake.requests("b").get(0).options().timeout()).isEqualTo(Duration.ofSeconds(7));

    Request hurried =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(2)));
    f.chain(tenSeconds, "b").call(hurried);
    assertThat(f.fake.requests("b").get(1).options().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void withoutADeadlineTheRequestIsPassedUntouched() {
    f.fake.model("a").reply("ok");
    f.chain("a").call(HELLO);
    assertThat(f.fake.requests("a")).containsExactly(HELLO);
  }

  @Test
  void aTargetThatAnswersBeforeTheDeadlineWins() {
    f.fake.model("a").delay(Duration.ofSeconds(9)).fail(503);
    f.fake.model("b").reply("just in time");
    FailoverPolicy noRetry = tenSeconds.withTransientRetries(0);

    Response response = f.chain(noRetry, "a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("just in time");
    assertThat(f.fake.requests("b").get(0).options().timeout()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anAttemptCutByTheChainsDeadlineIsNotCountedAgainstTheTarget() {
    // The attempt gets the 10 s left as its timeout and runs out of it: the caller's deadline.
    f.fake.model("a").delay(Duration.ofSeconds(30)).reply("too late");

    assertThatThrownBy(() -> f.chain(tenSeconds, "a").call(HELLO))
        .isInstanceOf(ChainDeadlineException.class);

    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
    assertThat(f.events(ChainEvent.Benched.class)).isEmpty();
  }

  @Test
  void aStreamCutByTheChainsDeadlineAfterItsFirstEventIsNotCountedAgainstTheTarget() {
    Chain chain =
        f.chainWrappingWithPolicy(
            tenSeconds, "a", model -> slowStream(Duration.ofSeconds(11)), "a");

    LlmException e;
    try (ResponseStream stream = chain.stream(HELLO)) {
      assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("first"));
      e = catchThrowableOfType(LlmException.class, stream::hasNext);
    }

    assertThat(e).isNotNull();
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void aStreamCutByTheTimeoutTheCallerGaveItIsNotCountedAgainstTheTarget() {
    Chain chain = f.chainWrapping("a", model -> slowStream(Duration.ofSeconds(6)), "a");
    Request fiveSeconds =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(5)));

    try (ResponseStream stream = chain.stream(fiveSeconds)) {
      assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("first"));
      assertThatThrownBy(stream::hasNext).isInstanceOf(LlmException.class);
    }

    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void aStreamThatFailsBeforeItsLimitStillCountsAgainstTheTarget() {
    Chain chain = f.chainWrapping("a", model -> slowStream(Duration.ofSeconds(1)), "a");
    Request fiveSeconds =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(5)));

    try (ResponseStream stream = chain.stream(fiveSeconds)) {
      stream.next();
      assertThatThrownBy(stream::hasNext).isInstanceOf(LlmException.class);
    }

    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(1);
  }

  /**
   * A model whose stream delivers one event, then fails as a time-out (a transient error) after
   * {@code after} on the fake clock.
   */
  private Model slowStream(Duration after) {
    return new Model() {
      @Override
      public Response call(Request request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ResponseStream stream(Request request) {
        return new ResponseStream() {
          private boolean first = true;

          @Override
          public boolean hasNext() {
            if (first) {
              return true;
            }
            f.clock.advance(after);
            throw LlmException.builder(ErrorKind.TRANSIENT, "timed out").build();
          }

          @Override
          public StreamEvent next() {
            first = false;
            return new StreamEvent.TextDelta("first");
          }

          @Override
          public void close() {}
        };
      }
    };
  }
}
