package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.llm.ErrorKind;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cancellation and interruption stop the chain at once and leave the interrupt flag set. */
class ChainCancellationTest {
  private final ChainFixture f = new ChainFixture();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void anInterruptedCallerCallsNoTarget() {
    f.fake.model("a").reply("never");
    Thread.currentThread().interrupt();

    ChainCancelledException e =
        catchThrowableOfType(ChainCancelledException.class, () -> f.chain("a", "b").call(HELLO));

    assertThat(e.attempts()).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(f.fake.requests()).isEmpty();
  }

  @Test
  void aTargetInterruptedMidCallStopsTheChainAndRestoresTheFlag() {
    f.fake.model("a").fail(new InterruptedException("caller gave up"));
    f.fake.model("b").reply("never");

    ChainCancelledException e =
        catchThrowableOfType(ChainCancelledException.class, () -> f.chain("a", "b").call(HELLO));

    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
    assertThat(e.getCause()).hasRootCauseInstanceOf(InterruptedException.class);
    assertThat(e.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.errorKind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(f.fake.requests("b")).isEmpty();
    assertThat(f.clock.sleeps()).isEmpty();
    assertThat(f.tracker.snapshot()).as("cancellation blames no target").isEmpty();
  }

  @Test
  void aCancellationErrorStopsTheChainWithoutInventingAnInterrupt() {
    f.fake.model("a").fail(new CancellationException("future cancelled"));

    ChainCancelledException e =
        catchThrowableOfType(ChainCancelledException.class, () -> f.chain("a", "b").call(HELLO));

    assertThat(e.getCause()).isInstanceOf(CancellationException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(f.fake.requests("b")).isEmpty();
  }

  @Test
  void anInterruptDuringTheBackoffStopsTheChain() {
    f.fake.model("a").fail(503).reply("never");
    f.fake.model("b").reply("never");
    ChainListener interruptOnRetry =
        event -> {
          if (event instanceof ChainEvent.Retrying) {
            Thread.currentThread().interrupt();
          }
        };
    Chain chain =
        new FailoverChain(
            java.util.List.of(f.chainTarget("a"), f.chainTarget("b")),
            f.tracker,
            FailoverPolicy.DEFAULT,
            interruptOnRetry,
            f.clock);

    ChainCancelledException e =
        catchThrowableOfType(ChainCancelledException.class, () -> chain.call(HELLO));

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(f.fake.requests("a")).hasSize(1);
    assertThat(f.fake.requests("b")).isEmpty();
  }

  @Test
  void anInterruptNoticedAfterAFailureStopsTheChainWhateverTheErrorKind() {
    f.fake.model("a").fail(503);
    Chain chain =
        f.chainWrapping(
            "a",
            model ->
                new dev.majordomo.llm.Model() {
                  @Override
                  public dev.majordomo.llm.Response call(dev.majordomo.llm.Request request) {
                    Thread.currentThread().interrupt();
                    return model.call(request);
                  }

                  @Override
                  public dev.majordomo.llm.ResponseStream stream(
                      dev.majordomo.llm.Request request) {
                    return model.stream(request);
                  }
                },
            "a",
            "b");

    ChainCancelledException e =
        catchThrowableOfType(ChainCancelledException.class, () -> chain.call(HELLO));

    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(e.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.target()).isEqualTo(target("a")));
    assertThat(f.fake.requests("b")).isEmpty();
  }
}
