package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each class of error does to a call: the table of docs/failover.md. */
class ChainFailoverTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void theFirstHealthyTargetAnswersAndTheResponseIsRouted() {
    f.fake.model("a").reply("from a");
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.text()).isEqualTo("from a");
    assertThat(response.answeredBy()).isEqualTo(target("a"));
    assertThat(response.attempts())
        .extracting(Attempt::target, Attempt::outcome)
        .containsExactly(tuple(target("a"), Attempt.Outcome.SUCCEEDED));
    assertThat(f.fake.requests("b")).isEmpty();
    assertThat(f.fake.requests("a")).containsExactly(HELLO);
  }

  @Test
  void http529FailsOverToTheNextTarget() {
    f.fake.model("a").fail(529).fail(529);
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts())
        .extracting(Attempt::target, Attempt::outcome, Attempt::errorKind)
        .containsExactly(
            tuple(target("a"), Attempt.Outcome.FAILED, ErrorKind.TRANSIENT),
            tuple(target("a"), Attempt.Outcome.FAILED, ErrorKind.TRANSIENT),
            tuple(target("b"), Attempt.Outcome.SUCCEEDED, null));
    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void modelNotFoundAdvancesWithoutRetryAndCountsAgainstTheTarget() {
    f.fake.model("a").fail(404).reply("never");
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(1);
    assertThat(response.attempts().get(0).errorKind()).isEqualTo(ErrorKind.NOT_FOUND);
  }

  @Test
  void contextLengthAdvancesWithoutBlamingTheTarget() {
    f.fake.model("a").fail(400, "context_length_exceeded");
    f.fake.model("b").reply("from b");

    Response response = f.chain("a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts().get(0).errorKind()).isEqualTo(ErrorKind.CONTEXT_LENGTH);
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "401, , AUTH",
    "403, , AUTH",
    "402, , QUOTA",
    "429, insufficient_quota, QUOTA",
    "400, , PERMANENT",
    "422, , PERMANENT"
  })
  void permanentErrorsFailTheCallAtOnceWithTheOriginalError(
      int status, String code, ErrorKind kind) {
    f.fake.model("a").fail(status, code);
    f.fake.model("b").reply("from b");

    LlmException e = catchThrowableOfType(LlmException.class, () -> f.chain("a", "b").call(HELLO));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.target()).contains(target("a"));
    assertThat(f.fake.requests("b")).isEmpty();
    assertThat(f.fake.requests("a")).hasSize(1);
    // The target is not blamed for a configuration or request problem.
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"401, AUTH", "403, AUTH", "402, QUOTA", "400, PERMANENT"})
  void permanentErrorsAdvanceUnderAdvanceOnPermanent(int status, ErrorKind kind) {
    f.fake.model("a").fail(status).reply("never");
    f.fake.model("b").reply("from b");

    Response response =
        f.chain(FailoverPolicy.DEFAULT.withAdvanceOnPermanent(true), "a", "b").call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts().get(0).errorKind()).isEqualTo(kind);
    assertThat(f.fake.requests("a")).as("no retry of a permanent error").hasSize(1);
    assertThat(f.tracker.snapshot()).isEmpty();
  }

  @Test
  void exhaustionListsEveryOutcomeAndCarriesEveryErrorAsSuppressed() {
    f.bench("b");
    f.fake.model("a").fail(503).fail(502);
    f.fake.model("c").fail(404);
    f.fake.model("d").capabilities(Capabilities.unknown().with(Capability.IMAGES, false));
    Request withImage = Request.of(Message.user(List.of(Part.text("look"), Part.image(png()))));

    ChainExhaustedException e =
        catchThrowableOfType(
            ChainExhaustedException.class, () -> f.chain("a", "b", "c", "d").call(withImage));

    assertThat(e).isExactlyInstanceOf(ChainExhaustedException.class);
    assertThat(e.attempts())
        .extracting(Attempt::target, Attempt::outcome)
        .containsExactly(
            tuple(target("a"), Attempt.Outcome.FAILED),
            tuple(target("a"), Attempt.Outcome.FAILED),
            tuple(target("b"), Attempt.Outcome.SKIPPED),
            tuple(target("c"), Attempt.Outcome.FAILED),
            tuple(target("d"), Attempt.Outcome.SKIPPED));
    String benchEnd = f.tracker.benchedUntil(target("b")).orElseThrow().toString();
    assertThat(e.getMessage())
        .startsWith("no target of the chain answered (4 targets, 3 calls):")
        .contains("\n  fake/a: failed (TRANSIENT): fake HTTP 503")
        .contains("\n  fake/a: failed (TRANSIENT): fake HTTP 502")
        .contains("\n  fake/b: skipped: benched until " + benchEnd)
        .contains("\n  fake/c: failed (NOT_FOUND): fake HTTP 404")
        .contains("\n  fake/d: skipped: no image support");
    assertThat(e.getSuppressed())
        .hasSize(3)
        .allSatisfy(s -> assertThat(s).isInstanceOf(LlmException.class))
        .extracting(s -> ((LlmException) s).status().getAsInt())
        .containsExactly(503, 502, 404);
    assertThat(f.events(ChainEvent.Exhausted.class))
        .singleElement()
        .satisfies(x -> assertThat(x.attempts()).isEqualTo(e.attempts()));
  }

  @Test
  void aChainOfOneRetriesRecordsHealthAndExhaustsLikeALongerChain() {
    f.fake.model("a").fail(503).reply("second time");
    Response ok = f.chain("a").call(HELLO);
    assertThat(ok.text()).isEqualTo("second time");
    assertThat(ok.attempts()).hasSize(2);
    assertThat(f.clock.sleeps()).containsExactly(FailoverPolicy.DEFAULT.backoffBase());

    f.fake.model("a").fail(503).fail(503);
    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a").call(HELLO));
    assertThat(e.attempts()).hasSize(2);
    assertThat(e.getSuppressed()).hasSize(2);
    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(2);

    f.fake.model("a").fail(401);
    assertThat(catchThrowableOfType(LlmException.class, () -> f.chain("a").call(HELLO)).kind())
        .isEqualTo(ErrorKind.AUTH);
  }

  @Test
  void aCustomClassifierCanRefineAndDelegateToTheDefault() {
    ErrorClassifier flakyIsTransient =
        error ->
            error instanceof LlmException e && e.providerCode().filter("flaky"::equals).isPresent()
                ? ErrorKind.TRANSIENT
                : ErrorClassifier.DEFAULT.classify(error);
    FailoverPolicy policy = FailoverPolicy.DEFAULT.withClassifier(flakyIsTransient);

    f.fake.model("a").fail(400, "flaky").reply("recovered");
    Response response = f.chain(policy, "a", "b").call(HELLO);
    assertThat(response.text()).isEqualTo("recovered");
    assertThat(response.attempts().get(0).errorKind()).isEqualTo(ErrorKind.TRANSIENT);

    // Everything else still follows the default: a plain 400 fails fast.
    f.fake.model("a").fail(400);
    assertThat(
            catchThrowableOfType(LlmException.class, () -> f.chain(policy, "a", "b").call(HELLO))
                .kind())
        .isEqualTo(ErrorKind.PERMANENT);
    // And with the default classifier the "flaky" 400 fails fast too.
    f.fake.model("a").fail(400, "flaky");
    assertThat(catchThrowableOfType(LlmException.class, () -> f.chain("a", "b").call(HELLO)))
        .isNotNull();
  }

  @Test
  void aClassifierThatThrowsFallsBackToTheDefault() {
    FailoverPolicy broken =
        FailoverPolicy.DEFAULT.withClassifier(
            error -> {
              throw new IllegalStateException("classifier bug");
            });
    f.fake.model("a").fail(404);
    f.fake.model("b").reply("from b");

    assertThat(f.chain(broken, "a", "b").call(HELLO).answeredBy()).isEqualTo(target("b"));
  }

  @Test
  void aTargetKnownNotToTakeImagesIsSkipped() {
    f.fake.model("a").capabilities(Capabilities.unknown().with(Capability.IMAGES, false));
    f.fake.model("b").reply("I see a picture");
    Request withImage =
        Request.of(Message.user(List.of(Part.text("what is this?"), Part.image(png()))));

    Response response = f.chain("a", "b").call(withImage);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts().get(0))
        .isEqualTo(Attempt.skipped(target("a"), "no image support"));
    assertThat(f.fake.requests("a")).isEmpty();
    assertThat(f.events(ChainEvent.Skipped.class))
        .containsExactly(new ChainEvent.Skipped(target("a"), "no image support"));
    // A request without images still goes to a.
    f.fake.model("a").reply("text only");
    assertThat(f.chain("a", "b").call(HELLO).answeredBy()).isEqualTo(target("a"));
  }

  @Test
  void aTargetKnownNotToTakeToolsIsSkippedAndUnknownCountsAsSupported() {
    f.fake.model("a").capabilities(Capabilities.unknown().with(Capability.TOOLS, false));
    f.fake.model("b").capabilities(Capabilities.unknown().with(Capability.IMAGES, false));
    f.fake.model("b").reply("tool-capable");
    Request withTools =
        HELLO.withTools(
            List.of(new ToolDefinition("weather", "the weather", "{\"type\":\"object\"}")));

    Response response = f.chain("a", "b").call(withTools);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts().get(0).detail()).isEqualTo("no tool support");
  }

  static Image png() {
    byte[] bytes = new byte[32];
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(signature, 0, bytes, 0, signature.length);
    return Image.fromBytes(bytes);
  }
}
