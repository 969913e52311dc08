package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.health.HealthPolicy;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainListenerTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void theListenerReceivesEveryEventInOrder() {
    FailoverPolicy benchAfterTwo =
        FailoverPolicy.DEFAULT.withHealth(HealthPolicy.DEFAULT.withThreshold(2));
    f.bench("b");
    Instant bBench = f.tracker.benchedUntil(target("b")).orElseThrow();
    f.fake.model("a").fail(503).delay(Duration.ofMillis(300)).fail(502);
    f.fake.model("c").capabilities(Capabilities.unknown().with(Capability.IMAGES, false));
    f.fake.model("d").delay(Duration.ofMillis(40)).reply("from d");
    Request withImage =
        Request.of(Message.user(List.of(Part.text("look"), Part.image(ChainFailoverTest.png()))));
    Instant start = f.clock.now();

    f.chain(benchAfterTwo, "a", "b", "c", "d").call(withImage);

    List<ChainEvent> events = List.copyOf(f.events);
    assertThat(events).hasSize(10);
    assertThat(events.get(0)).isEqualTo(new ChainEvent.AttemptStarted(target("a"), 1));
    assertThat(events.get(1))
        .isInstanceOfSatisfying(
            ChainEvent.Failed.class,
            e -> {
              assertThat(e.target()).isEqualTo(target("a"));
              assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
              assertThat(((LlmException) e.error()).status()).hasValue(503);
              assertThat(e.elapsed()).isZero();
            });
    assertThat(events.get(2))
        .isEqualTo(new ChainEvent.Retrying(target("a"), 2, Duration.ofMillis(500)));
    assertThat(events.get(3)).isEqualTo(new ChainEvent.AttemptStarted(target("a"), 2));
    assertThat(events.get(4))
        .isInstanceOfSatisfying(
            ChainEvent.Failed.class,
            e -> {
              assertThat(((LlmException) e.error()).status()).hasValue(502);
              assertThat(e.elapsed()).isEqualTo(Duration.ofMillis(300));
            });
    assertThat(events.get(5))
        .isEqualTo(new ChainEvent.Benched(target("a"), start.plusMillis(800).plusSeconds(30)));
    assertThat(events.get(6))
        .isEqualTo(new ChainEvent.Skipped(target("b"), "benched until " + bBench));
    assertThat(events.get(7)).isEqualTo(new ChainEvent.Skipped(target("c"), "no image support"));
    assertThat(events.get(8)).isEqualTo(new ChainEvent.AttemptStarted(target("d"), 1));
    assertThat(events.get(9))
        .isEqualTo(new ChainEvent.Succeeded(target("d"), Duration.ofMillis(40)));
  }

  @Test
  void successIsTheLastEventAndCarriesTheElapsedTime() {
    f.fake.model("a").delay(Duration.ofMillis(250)).reply("ok");

    f.chain("a").call(HELLO);

    assertThat(f.events)
        .containsExactly(
            new ChainEvent.AttemptStarted(target("a"), 1),
            new ChainEvent.Succeeded(target("a"), Duration.ofMillis(250)));
  }

  @Test
  void exhaustionIsTheLastEvent() {
    f.fake.model("a").fail(404);

    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a").call(HELLO));

    assertThat(f.events).hasSize(3);
    assertThat(f.events.get(2)).isEqualTo(new ChainEvent.Exhausted(e.attempts()));
  }

  @Test
  void aListenerThatThrowsDoesNotBreakTheCall() {
    f.fake.model("a").fail(503).fail(503);
    f.fake.model("b").reply("from b");
    int[] seen = {0};
    ChainListener broken =
        event -> {
          seen[0]++;
          throw new IllegalStateException("listener bug");
        };
    Chain chain =
        new FailoverChain(
            List.of(f.chainTarget("a"), f.chainTarget("b")),
            f.tracker,
            FailoverPolicy.DEFAULT,
            broken,
            f.clock);

    Response response = chain.call(HELLO);

    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(seen[0]).as("every event still delivered").isEqualTo(7);
  }
}
