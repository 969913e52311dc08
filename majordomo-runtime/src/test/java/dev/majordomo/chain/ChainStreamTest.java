package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Streams fail over until their first event reaches the caller, and never after. */
class ChainStreamTest {
  private final ChainFixture f = new ChainFixture();

  @Test
  void aStreamFailsOverBeforeItsFirstEvent() {
    // a: the open fails; its retry opens but errors before any output.
    f.fake.model("a").fail(503).streamFailingAfter(0, 502, "never");
    f.fake.model("b").stream("Hel", "lo");

    Response response;
    try (ResponseStream stream = f.chain("a", "b").stream(HELLO)) {
      response = stream.collect();
    }

    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.answeredBy()).isEqualTo(target("b"));
    assertThat(response.attempts()).hasSize(3);
    assertThat(f.clock.sleeps()).containsExactly(Duration.ofMillis(500));
    assertThat(f.fake.requests()).allSatisfy(r -> assertThat(r.streamed()).isTrue());
    assertThat(f.fake.openStreams()).as("the failed stream was closed").isZero();
    assertThat(f.tracker.state(target("b"))).isEqualTo(TargetHealth.HEALTHY);
    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void afterTheFirstEventAnErrorEndsTheStreamAndCountsAgainstTheTarget() {
    f.fake.model("a").streamFailingAfter(2, 503, "one ", "two ", "three");
    f.fake.model("b").stream("never");

    List<String> seen = new ArrayList<>();
    LlmException e;
    try (ResponseStream stream = f.chain("a", "b").stream(HELLO)) {
      e =
          catchThrowableOfType(
              LlmException.class,
              () -> {
                while (stream.hasNext()) {
                  if (stream.next() instanceof StreamEvent.TextDelta d) {
                    seen.add(d.text());
                  }
                }
              });
      assertThat(stream.hasNext()).as("the stream has ended").isFalse();
    }

    assertThat(seen).containsExactly("one ", "two ");
    assertThat(e.status()).hasValue(503);
    assertThat(f.fake.requests("b")).as("no failover after output").isEmpty();
    assertThat(f.tracker.state(target("a")).consecutiveFailures()).isEqualTo(1);
    assertThat(f.events(ChainEvent.Succeeded.class)).hasSize(1);
    assertThat(f.events(ChainEvent.Failed.class))
        .singleElement()
        .satisfies(x -> assertThat(x.kind()).isEqualTo(ErrorKind.TRANSIENT));
  }

  @Test
  void aMidStreamFailureOnProbationBenchesTheTarget() {
    f.bench("a");
    f.clock.advance(Duration.ofSeconds(30));
    f.fake.model("a").streamFailingAfter(1, 500, "partial", "rest");

    ResponseStream stream = f.chain("a").stream(HELLO);
    assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("partial"));
    assertThatThrownBy(stream::hasNext).isInstanceOf(LlmException.class);

    assertThat(f.tracker.isBenched(target("a"))).isTrue();
    assertThat(f.events(ChainEvent.Benched.class)).hasSize(1);
  }

  @Test
  void aStreamReadToTheEndRecordsASuccess() {
    f.tracker.recordFailure(target("a"));
    f.tracker.recordFailure(target("a"));
    f.fake.model("a").stream("a", "b", "c");

    ResponseStream stream = f.chain("a").stream(HELLO);
    assertThat(f.tracker.state(target("a")).consecutiveFailures())
        .as("not yet: the stream is still running")
        .isEqualTo(2);
    List<StreamEvent> events = new ArrayList<>();
    stream.forEachRemaining(events::add);

    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("a"),
            new StreamEvent.TextDelta("b"),
            new StreamEvent.TextDelta("c"),
            new StreamEvent.Done(FinishReason.STOP));
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
    assertThatThrownBy(stream::next).isInstanceOf(NoSuchElementException.class);
    assertThat(f.fake.openStreams()).isZero();
  }

  @Test
  void closingTheChainStreamClosesTheTargetStream() {
    f.fake.model("a").stream("a", "b", "c");

    ResponseStream stream = f.chain("a").stream(HELLO);
    stream.next();
    assertThat(f.fake.openStreams()).isEqualTo(1);
    stream.close();
    stream.close();

    assertThat(f.fake.openStreams()).isZero();
    assertThat(stream.hasNext()).isFalse();
  }

  @Test
  void streamsExhaustLikeCalls() {
    f.fake.model("a").streamFailingAfter(0, 503).streamFailingAfter(0, 503);
    f.fake.model("b").fail(404);

    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> f.chain("a", "b").stream(HELLO));

    assertThat(e.attempts()).hasSize(3);
    assertThat(f.fake.openStreams()).isZero();
  }

  @Test
  void aStreamWithNoEventsAtAllIsAnEmptySuccess() {
    f.tracker.recordFailure(target("a"));
    Chain chain =
        f.chainWrapping(
            "a",
            model ->
                new Model() {
                  @Override
                  public Response call(Request request) {
                    return model.call(request);
                  }

                  @Override
                  public ResponseStream stream(Request request) {
                    return ResponseStream.of(List.of());
                  }
                },
            "a",
            "b");

    ResponseStream stream = chain.stream(HELLO);

    assertThat(stream.hasNext()).isFalse();
    assertThat(stream.collect().answeredBy()).isEqualTo(target("a"));
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void aScriptedReplyStreamsAsItsTextAndEnd() {
    f.fake.model("a").reply("whole");

    try (ResponseStream stream = f.chain("a").stream(HELLO)) {
      assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("whole"));
      assertThat(stream.next()).isEqualTo(new StreamEvent.Done(FinishReason.STOP));
      assertThat(stream.hasNext()).isFalse();
    }
  }

  @Test
  void aConsumerThatStopsAtDoneAndClosesRecordsASuccess() {
    f.tracker.recordFailure(target("a"));
    f.tracker.recordFailure(target("a"));
    f.fake.model("a").stream("a", "b");

    try (ResponseStream stream = f.chain("a").stream(HELLO)) {
      // The usual loop: stop at the final event, never ask hasNext() past it.
      while (!(stream.next() instanceof StreamEvent.Done)) {
        // keep reading
      }
    }

    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void aStreamWhoseFirstEventIsDoneRecordsASuccessWhenItIsDelivered() {
    f.tracker.recordFailure(target("a"));
    Chain chain =
        f.chainWrapping(
            "a",
            model ->
                new Model() {
                  @Override
                  public Response call(Request request) {
                    return model.call(request);
                  }

                  @Override
                  public ResponseStream stream(Request request) {
                    return ResponseStream.of(List.of(new StreamEvent.Done(FinishReason.STOP)));
                  }
                },
            "a");

    try (ResponseStream stream = chain.stream(HELLO)) {
      assertThat(f.tracker.state(target("a")).consecutiveFailures())
          .as("not yet: the first event has not reached the consumer")
          .isEqualTo(1);
      assertThat(stream.next()).isEqualTo(new StreamEvent.Done(FinishReason.STOP));
      assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
    }
  }

  @Test
  void closingFromAnotherThreadWhileTheReaderDecodesIsNeverAFailureOfTheTarget() throws Exception {
    java.util.concurrent.atomic.AtomicReference<ResponseStream> outer =
        new java.util.concurrent.atomic.AtomicReference<>();
    Chain chain =
        f.chainWrapping(
            "a",
            model ->
                new Model() {
                  @Override
                  public Response call(Request request) {
                    return model.call(request);
                  }

                  @Override
                  public ResponseStream stream(Request request) {
                    return new ResponseStream() {
                      private boolean first = true;
                      private volatile boolean closed;

                      @Override
                      public boolean hasNext() {
                        if (first) {
                          return true;
                        }
                        // Another thread closes the stream while this one decodes a frame that
                        // yields no event; reading on then fails the way okio does on a closed
                        // source.
                        Thread closer = new Thread(() -> outer.get().close());
                        closer.start();
                        try {
                          closer.join();
                        } catch (InterruptedException e) {
                          throw new AssertionError(e);
                        }
                        assertThat(closed).isTrue();
                        throw new IllegalStateException("closed");
                      }

                      @Override
                      public StreamEvent next() {
                        first = false;
                        return new StreamEvent.TextDelta("x");
                      }

                      @Override
                      public void close() {
                        closed = true;
                      }
                    };
                  }
                },
            "a");

    for (int i = 0; i < 5; i++) {
      ResponseStream stream = chain.stream(HELLO);
      outer.set(stream);
      assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta("x"));
      assertThat(stream.hasNext()).as("a closed stream ends quietly").isFalse();
    }

    assertThat(f.tracker.isBenched(target("a"))).isFalse();
    assertThat(f.tracker.state(target("a"))).isEqualTo(TargetHealth.HEALTHY);
    assertThat(f.events(ChainEvent.Failed.class))
        .allSatisfy(e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(f.events(ChainEvent.Benched.class)).isEmpty();
  }
}
