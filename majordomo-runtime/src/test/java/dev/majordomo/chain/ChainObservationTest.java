package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static dev.majordomo.chain.ChainFixture.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.RecordingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** What an observer sees of a chain: each attempt as a begin/end pair, the events in between. */
class ChainObservationTest {
  private final ChainFixture f = new ChainFixture();
  private final RecordingObserver observer = new RecordingObserver();

  @Test
  void everyAttemptIsABeginEndPairWithTheChainsStoryBetween() {
    f.fake.model("a").delay(Duration.ofMillis(40)).fail(529).fail(529);
    f.fake.model("b").fail(404);
    f.fake.model("c").delay(Duration.ofMillis(7)).reply("from c");

    Response response = f.chain("a", "b", "c").withObserver(observer).call(HELLO);

    assertThat(response.text()).isEqualTo("from c");
    assertThat(observer.lines())
        .containsExactly(
            "event AttemptStarted",
            "attempt a#1 parent=-",
            "attempt failed a#1 TRANSIENT 40ms",
            "event Failed",
            "event Retrying",
            "event AttemptStarted",
            "attempt a#2 parent=-",
            "attempt failed a#2 TRANSIENT 0ms",
            "event Failed",
            "event AttemptStarted",
            "attempt b#1 parent=-",
            "attempt failed b#1 NOT_FOUND 0ms",
            "event Failed",
            "event AttemptStarted",
            "attempt c#1 parent=-",
            "event Succeeded",
            "attempt ok c#1 7ms");
    assertThat(observer.ends().get(3))
        .isInstanceOfSatisfying(Response.class, r -> assertThat(r.text()).isEqualTo("from c"));
  }

  @Test
  void anAttemptShowsTheRequestSentAndWhereTheTargetIs() {
    f.fake.model("a").reply("hi");
    List<AttemptStart> starts = new ArrayList<>();
    Observer recording =
        new Observer() {
          @Override
          public AttemptObservation attemptStarted(AttemptStart attempt) {
            starts.add(attempt);
            return AttemptObservation.NONE;
          }
        };

    f.chain(FailoverPolicy.DEFAULT.withDeadline(Duration.ofSeconds(30)), "a")
        .withObserver(recording)
        .call(HELLO);

    AttemptStart start = starts.get(0);
    assertThat(start.target()).isEqualTo(target("a"));
    assertThat(start.attempt()).isEqualTo(1);
    assertThat(start.stream()).isFalse();
    assertThat(start.request().messages()).isEqualTo(HELLO.messages());
    assertThat(start.request().options().timeout())
        .as("the request as sent: the deadline's time left is its timeout")
        .isEqualTo(Duration.ofSeconds(30));
    // the fake model does not say where it sends requests, and its target has no host
    assertThat(start.serverAddress()).isNull();
    assertThat(start.serverPort()).isEqualTo(-1);
    assertThat(start.toString()).doesNotContain("hello");
  }

  @Test
  void theServerComesFromTheModelsEndpointElseTheTargetsHost() {
    dev.majordomo.llm.Model model = f.model("a");
    f.fake.model("a").reply("one").reply("two");
    List<AttemptStart> starts = new ArrayList<>();
    Observer recording =
        new Observer() {
          @Override
          public AttemptObservation attemptStarted(AttemptStart attempt) {
            starts.add(attempt);
            return AttemptObservation.NONE;
          }
        };
    dev.majordomo.llm.Model withEndpoint =
        new dev.majordomo.llm.Model() {
          @Override
          public Response call(Request request) {
            return model.call(request);
          }

          @Override
          public ResponseStream stream(Request request) {
            return model.stream(request);
          }

          @Override
          public java.util.Optional<java.net.URI> endpoint() {
            return java.util.Optional.of(java.net.URI.create("https://models.example:8443"));
          }
        };
    dev.majordomo.llm.Target hosted = new dev.majordomo.llm.Target("fake", "gpu-7", 9000, "a");

    new dev.majordomo.internal.chain.FailoverChain(
            List.of(new dev.majordomo.internal.chain.ChainTarget(target("a"), withEndpoint)),
            f.tracker,
            FailoverPolicy.DEFAULT,
            recording,
            f.clock)
        .call(HELLO);
    new dev.majordomo.internal.chain.FailoverChain(
            List.of(new dev.majordomo.internal.chain.ChainTarget(hosted, model)),
            f.tracker,
            FailoverPolicy.DEFAULT,
            recording,
            f.clock)
        .call(HELLO);

    assertThat(starts)
        .extracting(AttemptStart::serverAddress, AttemptStart::serverPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("models.example", 8443),
            org.assertj.core.groups.Tuple.tuple("gpu-7", 9000));
  }

  @Test
  void aTargetSkippedBeforeItIsCalledHasNoAttemptOnlyTheEvent() {
    f.bench("a");
    f.fake.model("b").reply("from b");

    f.chain("a", "b").withObserver(observer).call(HELLO);

    assertThat(observer.lines())
        .containsExactly(
            "event Skipped",
            "event AttemptStarted",
            "attempt b#1 parent=-",
            "event Succeeded",
            "attempt ok b#1 0ms");
  }

  @Test
  void aTargetThatRefusesTheRequestEndsItsAttemptAsCannotServe() {
    f.fake.model("a").capabilities(Capabilities.unknown().with(Capability.TOOLS, false));
    f.fake.model("b").reply("from b");
    Request withTools =
        new Request(
            List.of(Message.user("hi")),
            List.of(new ToolDefinition("t", "a tool", "{\"type\":\"object\"}")),
            null,
            null);

    f.chain("a", "b").withObserver(observer).call(withTools);

    assertThat(observer.lines("attempt"))
        .containsExactly("attempt b#1 parent=-", "attempt ok b#1 0ms");
    assertThat(observer.lines("event")).startsWith("event Skipped");
  }

  @Test
  void exhaustionEndsEveryAttemptAndIsAnEvent() {
    f.fake.model("a").fail(404);
    f.fake.model("b").fail(404);

    assertThatThrownBy(() -> f.chain("a", "b").withObserver(observer).call(HELLO))
        .isInstanceOf(ChainExhaustedException.class);

    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 parent=-",
            "attempt failed a#1 NOT_FOUND 0ms",
            "attempt b#1 parent=-",
            "attempt failed b#1 NOT_FOUND 0ms");
    assertThat(observer.lines()).last().isEqualTo("event Exhausted");
  }

  @Test
  void aPermanentErrorEndsTheAttemptBeforeItEndsTheCall() {
    f.fake.model("a").fail(401);
    f.fake.model("b").reply("never");

    assertThatThrownBy(() -> f.chain("a", "b").withObserver(observer).call(HELLO))
        .isInstanceOf(dev.majordomo.llm.LlmException.class);

    assertThat(observer.lines("attempt"))
        .containsExactly("attempt a#1 parent=-", "attempt failed a#1 AUTH 0ms");
  }

  @Test
  void anAttemptNestsUnderTheCallersContextAndIsCurrentWhileTheModelRuns() {
    List<String> seenByModel = new ArrayList<>();
    Response reply = Response.ofText("ok");
    Chain chain =
        f.chainWrapping(
                "a",
                model ->
                    new dev.majordomo.llm.Model() {
                      @Override
                      public Response call(Request request) {
                        seenByModel.add(RecordingObserver.current());
                        return reply;
                      }

                      @Override
                      public ResponseStream stream(Request request) {
                        throw new UnsupportedOperationException();
                      }
                    },
                "a")
            .withObserver(observer);

    RecordingObserver.inContext("caller", () -> chain.call(HELLO));

    assertThat(observer.lines("attempt a#1")).containsExactly("attempt a#1 parent=caller");
    assertThat(seenByModel).singleElement().asString().startsWith("attempt#");
    assertThat(RecordingObserver.current()).isEqualTo("-");
  }

  @Test
  void aStreamsAttemptSeesItsFirstChunkAndEndsWithWhatItDelivered() {
    f.fake.model("a").fail(503).fail(503);
    f.fake.model("b").stream("Hel", "lo");

    Response collected;
    try (ResponseStream stream = f.chain("a", "b").withObserver(observer).stream(HELLO)) {
      collected = stream.collect();
    }

    assertThat(collected.text()).isEqualTo("Hello");
    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt failed a#1 TRANSIENT 0ms",
            "attempt a#2 stream parent=-",
            "attempt failed a#2 TRANSIENT 0ms",
            "attempt b#1 stream parent=-",
            "attempt first-chunk b#1 0ms",
            "attempt ok b#1 0ms");
    Response delivered = (Response) observer.ends().get(observer.ends().size() - 1);
    assertThat(delivered.text()).isEqualTo("Hello");
    assertThat(delivered.answeredBy()).isEqualTo(target("b"));
  }

  @Test
  void aStreamClosedBeforeItsEndEndsItsAttemptAsCancelledOnce() {
    f.fake.model("a").stream("one", "two", "three");

    ResponseStream stream = f.chain("a").withObserver(observer).stream(HELLO);
    stream.next();
    stream.close();
    stream.close();

    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt first-chunk a#1 0ms",
            "attempt failed a#1 CANCELLED 0ms");
    assertThat(observer.ends()).singleElement().isInstanceOf(CancellationException.class);
  }

  @Test
  void aStreamThatFailsAfterItsFirstEventEndsItsAttemptWithTheError() {
    f.fake.model("a").streamFailingAfter(1, 500, "partial", "rest");

    try (ResponseStream stream = f.chain("a").withObserver(observer).stream(HELLO)) {
      stream.next();
      assertThatThrownBy(() -> stream.hasNext()).isInstanceOf(RuntimeException.class);
    }

    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt first-chunk a#1 0ms",
            "attempt failed a#1 TRANSIENT 0ms");
  }

  @Test
  void anObserverGivenToOneChainAddsToTheRegistrysListener() {
    f.fake.model("a").reply("hi");

    f.chain("a").withObserver(observer).call(HELLO);

    assertThat(f.events(ChainEvent.Succeeded.class)).hasSize(1);
    assertThat(observer.lines("event")).containsExactly("event AttemptStarted", "event Succeeded");
  }

  @Test
  void aToolCallReplyIsObservedLikeAnyOther() {
    f.fake.model("a").replyToolCalls(new Part.ToolCall("c1", "weather", "{}"));

    f.chain("a").withObserver(observer).call(HELLO);

    assertThat(observer.ends())
        .singleElement()
        .isInstanceOfSatisfying(Response.class, r -> assertThat(r.hasToolCalls()).isTrue());
  }
}
