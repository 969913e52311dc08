package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.media.ImageException;
import org.junit.jupiter.api.Test;

/**
 * A target that cannot serve this request (an image over its limit, no credentials, a capability it
 * refuses) is skipped with a reason and never blamed: the chain moves on, and only when every
 * target refuses does the call fail, listing every reason.
 */
class ChainSkipTest {
  private final ChainFixture f = new ChainFixture();

  private static LlmException cannotServe(String id, String reason) {
    return LlmException.builder(ErrorKind.CANNOT_SERVE, reason).target(target(id)).build();
  }

  @Test
  void theDefaultClassifierSaysAnImageExceptionIsATargetThatCannotServe() {
    assertThat(ErrorClassifier.DEFAULT.classify(new ImageException("too big")))
        .isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(
            ErrorClassifier.DEFAULT.classify(
                new IllegalStateException("wrapped", new ImageException("too big"))))
        .isEqualTo(ErrorKind.CANNOT_SERVE);
  }

  @Test
  void anImageOneTargetCannotTakeSkipsItAndTheNextAnswers() {
    ImageException tooBig = new ImageException("the image of 6000000 bytes is over 5 MiB");
    f.fake.model("a").fail(tooBig);
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("from b");
    assertThat(response.attempts())
        .extracting(Attempt::target, Attempt::outcome, Attempt::detail)
        .containsExactly(
            tuple(target("a"), Attempt.Outcome.SKIPPED, "the image of 6000000 bytes is over 5 MiB"),
            tuple(target("b"), Attempt.Outcome.SUCCEEDED, null));
    assertThat(response.attempts().get(0).error()).isSameAs(tooBig);
    assertThat(response.attempts().get(0).errorKind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(f.events(ChainEvent.Skipped.class))
        .containsExactly(
            new ChainEvent.Skipped(target("a"), "the image of 6000000 bytes is over 5 MiB"));
    assertThat(f.events(ChainEvent.Failed.class)).isEmpty();
    assertThat(f.tracker.snapshot()).doesNotContainKey(target("a"));
  }

  @Test
  void whenEveryTargetRefusesTheCallEndsInExhaustionWithEveryReason() {
    ImageException overA = new ImageException("over a's limit");
    LlmException noKey = cannotServe("b", "no credentials: set B_KEY or put a token in the DSN");
    f.fake.model("a").fail(overA);
    f.fake.model("b").fail(noKey);

    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a", "b").call(HELLO));

    assertThat(e.getMessage())
        .contains("(2 targets, 0 calls)")
        .contains("fake/a: skipped: over a's limit")
        .contains("fake/b: skipped: no credentials: set B_KEY or put a token in the DSN");
    assertThat(e.getSuppressed()).containsExactly(overA, noKey);
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @Test
  void aTargetThatCannotServeIsNeverBenchedHoweverOftenItRefuses() {
    for (int i = 0; i < 5; i++) {
      f.fake.model("a").fail(cannotServe("a", "does not support tools"));
    }
    f.fake.model("a").reply("plain text is fine");

    for (int i = 0; i < 5; i++) {
      catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a").call(HELLO));
    }

    assertThat(f.tracker.isBenched(target("a"))).isFalse();
    assertThat(f.events(ChainEvent.Benched.class)).isEmpty();
    assertThat(f.chain("a").call(HELLO).text()).isEqualTo("plain text is fine");
  }

  @Test
  void aTargetThatCannotServeIsNotRetried() {
    f.fake.model("a").fail(cannotServe("a", "no credentials")).reply("never");
    f.fake.model("b").reply("from b");

    assertThat(f.chain("a", "b").call(HELLO).text()).isEqualTo("from b");
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.clock.sleeps()).isEmpty();
  }

  @Test
  void streamsSkipATargetThatCannotServeToo() {
    f.fake.model("a").fail(new ImageException("over a's limit"));
    f.fake.model("b").stream("Hel", "lo");

    Response response;
    try (ResponseStream stream = f.chain("a", "b").stream(HELLO)) {
      response = stream.collect();
    }

    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.attempts())
        .extracting(Attempt::target, Attempt::outcome, Attempt::detail)
        .containsExactly(
            tuple(target("a"), Attempt.Outcome.SKIPPED, "over a's limit"),
            tuple(target("b"), Attempt.Outcome.SUCCEEDED, null));
    assertThat(f.tracker.snapshot()).doesNotContainKey(target("a"));
  }

  @Test
  void aStreamWhoseEveryTargetRefusesEndsInExhaustionWithEveryReason() {
    f.fake.model("a").fail(new ImageException("over a's limit"));
    f.fake.model("b").fail(cannotServe("b", "no credentials: set B_KEY or put a token in the DSN"));

    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a", "b").stream(HELLO));

    assertThat(e.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.SKIPPED, Attempt.Outcome.SKIPPED);
    assertThat(e.getMessage()).contains("over a's limit", "no credentials: set B_KEY");
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @Test
  void theListenerSeesTheAttemptStartThenTheSkipAndNoFailure() {
    f.fake.model("a").fail(new ImageException("over a's limit"));
    f.fake.model("b").reply("from b");

    f.chain("a", "b").call(HELLO);

    assertThat(f.events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("AttemptStarted", "Skipped", "AttemptStarted", "Succeeded");
  }

  @Test
  void aCustomClassifierThatDoesNotDelegateDecidesForItself() {
    ImageException tooBig = new ImageException("over a's limit");
    f.fake.model("a").fail(tooBig);
    f.fake.model("b").reply("never");
    FailoverPolicy strict =
        FailoverPolicy.DEFAULT.withClassifier(
            e ->
                e instanceof ImageException
                    ? ErrorKind.PERMANENT
                    : ErrorClassifier.DEFAULT.classify(e));

    assertThat(
            catchThrowableOfType(ImageException.class, () -> f.chain(strict, "a", "b").call(HELLO)))
        .isSameAs(tooBig);
    assertThat(f.fake.requests("b")).isEmpty();
  }
}
