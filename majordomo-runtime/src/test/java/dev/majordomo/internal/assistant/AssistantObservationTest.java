package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.TestTools.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.RecordingObserver;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an observer sees of assistant calls: the call as a begin/end pair around its attempts and
 * tool executions, each nested in the context the caller had, however the method is called.
 */
class AssistantObservationTest {
  private final FakeProvider fake = new FakeProvider();
  private final RecordingObserver observer = new RecordingObserver();
  private final Registry registry =
      Registry.builder()
          .withoutProviderDiscovery()
          .provider(fake)
          .time(new FakeTimeSource())
          .env(Map.of())
          .observer(observer)
          .build();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final AssistantRuntime runtime = runtime(pool);
  private final List<String> seenByTools = Collections.synchronizedList(new ArrayList<>());
  private final Toolbox weather =
      Toolbox.of(
          tool(
              "weather",
              args -> {
                seenByTools.add(RecordingObserver.current().replaceAll("#\\d+", ""));
                return "sunny in " + args;
              }));

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private AssistantRuntime runtime(java.util.concurrent.Executor executor) {
    return new AssistantRuntime(
        TestTools.class, registry::chain, null, executor, Limits.DEFAULTS, null, observer);
  }

  private static MethodPlan plan() {
    return MethodPlan.forMethod("Agent", "ask").withChain("fake/a");
  }

  private static Part.ToolCall call(String id, String args) {
    return new Part.ToolCall(id, "weather", args);
  }

  @Test
  void aCallIsABeginEndPairAroundItsAttemptsAndToolsNestedInTheCallersContext() {
    fake.model("a").replyToolCalls(call("c1", "Paris")).reply("It is sunny.");

    RecordingObserver.inContext(
        "caller",
        () -> runtime.call(plan(), weather, CallPrompt.of(null, "weather?"), ReplyDecoder.TEXT));

    assertThat(observer.lines())
        .containsExactly(
            "call TestTools.ask parent=caller",
            "event AttemptStarted",
            "attempt a#1 parent=call",
            "event Succeeded",
            "attempt ok a#1 0ms",
            "tool weather c1 parent=call",
            "tool done weather",
            "event AttemptStarted",
            "attempt a#1 parent=call",
            "event Succeeded",
            "attempt ok a#1 0ms",
            "call ok TestTools.ask in=0");
    assertThat(seenByTools).containsExactly("tool");
    assertThat(RecordingObserver.current()).isEqualTo("-");
  }

  @Test
  void toolsOnThePoolRunInTheCallsContextInsideTheirOwnObservation() {
    fake.model("a").replyToolCalls(call("c1", "Paris"), call("c2", "Lyon")).reply("Both sunny.");

    runtime.call(plan(), weather, CallPrompt.of(null, "weather?"), ReplyDecoder.TEXT);

    assertThat(observer.lines("tool weather"))
        .containsExactlyInAnyOrder("tool weather c1 parent=call", "tool weather c2 parent=call");
    assertThat(observer.lines("tool done")).hasSize(2);
    assertThat(seenByTools).containsExactly("tool", "tool");
  }

  @Test
  void aFailedCallEndsWithItsError() {
    fake.model("a").fail(404);

    assertThatThrownBy(
            () -> runtime.call(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT))
        .isInstanceOf(ChainExhaustedException.class);

    assertThat(observer.lines())
        .last()
        .isEqualTo("call failed TestTools.ask ChainExhaustedException");
  }

  @Test
  void aCallThatSucceedsReportsTheUsageOfEveryRound() {
    fake.model("a")
        .reply(
            new dev.majordomo.llm.Response(
                dev.majordomo.llm.Message.assistant("hi"),
                new Usage(12, 3, 0, 0),
                null,
                null,
                null));

    Reply<String> reply = runtime.call(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("hi");
    assertThat(observer.lines()).last().isEqualTo("call ok TestTools.ask in=12");
  }

  @Test
  void anAsyncCallStartsInTheCallersContextAndRunsInItOnTheWorker() throws Exception {
    fake.model("a").replyToolCalls(call("c1", "Paris")).reply("sunny");
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      AssistantRuntime async = runtime(worker);
      List<CompletableFuture<Reply<String>>> future = new ArrayList<>();
      RecordingObserver.inContext(
          "caller",
          () ->
              future.add(
                  async.callAsync(
                      plan(), weather, CallPrompt.of(null, "weather?"), ReplyDecoder.TEXT)));

      assertThat(future.get(0).get(10, TimeUnit.SECONDS).value()).isEqualTo("sunny");
      assertThat(observer.lines("call")).first().isEqualTo("call TestTools.ask parent=caller");
      assertThat(observer.lines("attempt a#1 parent"))
          .containsExactly("attempt a#1 parent=call", "attempt a#1 parent=call");
      assertThat(observer.lines("tool weather")).containsExactly("tool weather c1 parent=call");
      // the worker thread is left as it was: the next task sees no context
      assertThat(worker.submit(RecordingObserver::current).get(10, TimeUnit.SECONDS))
          .isEqualTo("-");
      assertThat(observer.lines()).last().isEqualTo("call ok TestTools.ask in=0");
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void anAsyncCallCancelledBeforeItRunsEndsOnce() {
    List<Runnable> queued = new ArrayList<>();
    AssistantRuntime async = runtime(queued::add);

    CompletableFuture<Reply<String>> future =
        async.callAsync(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);
    future.cancel(true);
    queued.forEach(Runnable::run);

    assertThat(observer.lines())
        .containsExactly(
            "call TestTools.ask parent=-", "call failed TestTools.ask CancellationException");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anAsyncCallTheExecutorRejectsEndsWithTheRejection() {
    AssistantRuntime async =
        runtime(
            task -> {
              throw new RejectedExecutionException("full");
            });

    CompletableFuture<Reply<String>> future =
        async.callAsync(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(future).isCompletedExceptionally();
    assertThat(observer.lines()).last().isEqualTo("call failed TestTools.ask MajordomoException");
  }

  @Test
  void aStreamIsObservedFromItsFirstReadInTheContextItWasMadeIn() {
    fake.model("a").stream("Hel", "lo");

    List<Stream<String>> made = new ArrayList<>();
    RecordingObserver.inContext(
        "caller", () -> made.add(runtime.streamText(plan(), null, CallPrompt.of(null, "hi"))));
    assertThat(observer.lines()).as("nothing is observed before the first read").isEmpty();

    try (Stream<String> stream = made.get(0)) {
      assertThat(stream.toList()).containsExactly("Hel", "lo");
    }

    assertThat(observer.lines())
        .containsExactly(
            "call TestTools.ask stream parent=caller",
            "event AttemptStarted",
            "attempt a#1 stream parent=call",
            "event Succeeded",
            "attempt first-chunk a#1 0ms",
            "attempt ok a#1 0ms",
            "call ok TestTools.ask in=0");
    assertThat(RecordingObserver.current()).isEqualTo("-");
  }

  @Test
  void aStreamsToolRoundsAreObservedInsideTheCall() {
    fake.model("a").replyToolCalls(call("c1", "Paris")).stream("sunny");

    try (Stream<String> stream = runtime.streamText(plan(), weather, CallPrompt.of(null, "hi"))) {
      assertThat(stream.toList()).containsExactly("sunny");
    }

    assertThat(observer.lines("tool"))
        .containsExactly("tool weather c1 parent=call", "tool done weather");
    assertThat(observer.lines()).last().isEqualTo("call ok TestTools.ask in=0");
  }

  @Test
  void aStreamClosedBeforeItsEndEndsItsCallAsCancelledOnce() {
    fake.model("a").stream("one", "two", "three");

    Stream<String> stream = runtime.streamText(plan(), null, CallPrompt.of(null, "hi"));
    Iterator<String> it = stream.iterator();
    assertThat(it.next()).isEqualTo("one");
    stream.close();
    stream.close();
    assertThat(it.hasNext()).isFalse();

    assertThat(observer.lines("call"))
        .containsExactly(
            "call TestTools.ask stream parent=-",
            "call failed TestTools.ask CancellationException");
    assertThat(observer.lines("attempt failed"))
        .containsExactly("attempt failed a#1 CANCELLED 0ms");
  }

  @Test
  void aStreamClosedBeforeItsFirstReadIsNeverObserved() {
    runtime.streamText(plan(), null, CallPrompt.of(null, "hi")).close();

    assertThat(observer.lines()).isEmpty();
  }

  @Test
  void aStreamThatFailsEndsItsCallWithTheError() {
    fake.model("a").fail(404);

    try (Stream<String> stream = runtime.streamText(plan(), null, CallPrompt.of(null, "hi"))) {
      assertThatThrownBy(stream::toList).isInstanceOf(ChainExhaustedException.class);
    }

    assertThat(observer.lines("call"))
        .containsExactly(
            "call TestTools.ask stream parent=-",
            "call failed TestTools.ask ChainExhaustedException");
  }

  @Test
  void aRawEventStreamIsObservedUntilItsFinalEvent() {
    fake.model("a").stream("Hel", "lo");

    List<ResponseStream> made = new ArrayList<>();
    RecordingObserver.inContext(
        "caller", () -> made.add(runtime.streamEvents(plan(), null, CallPrompt.of(null, "hi"))));
    try (ResponseStream stream = made.get(0)) {
      assertThat(stream.collect().text()).isEqualTo("Hello");
    }

    assertThat(observer.lines("call"))
        .containsExactly("call TestTools.ask stream parent=caller", "call ok TestTools.ask in=0");
    assertThat(observer.lines("attempt a#1 stream"))
        .containsExactly("attempt a#1 stream parent=call");
  }

  @Test
  void aRawEventStreamClosedEarlyEndsItsCallAsCancelled() {
    fake.model("a").stream("one", "two", "three");

    ResponseStream stream = runtime.streamEvents(plan(), null, CallPrompt.of(null, "hi"));
    stream.next();
    stream.close();

    assertThat(observer.lines("call"))
        .containsExactly(
            "call TestTools.ask stream parent=-",
            "call failed TestTools.ask CancellationException");
  }

  @Test
  void aConversationsCallNamesItsConversation() {
    fake.model("a").reply("hello again");

    runtime.call(
        plan().withMemoryId("user"),
        null,
        CallPrompt.of(null, "hi").inConversation("ada"),
        ReplyDecoder.TEXT);

    assertThat(observer.lines("call"))
        .first()
        .isEqualTo("call TestTools.ask conversation=ada parent=-");
  }

  @Test
  void aCallThatCannotStartIsNotObserved() {
    assertThatThrownBy(
            () ->
                runtime.call(
                    plan().withMemoryId("user"),
                    null,
                    CallPrompt.of(null, "hi").inConversation(new Object()),
                    ReplyDecoder.TEXT))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(observer.lines()).isEmpty();
  }

  @Test
  void anObserverThatThrowsNeverBreaksACall() throws Exception {
    dev.majordomo.observation.Observer broken =
        new dev.majordomo.observation.Observer() {
          @Override
          public dev.majordomo.observation.CallObservation callStarted(
              dev.majordomo.observation.CallStart call) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public dev.majordomo.observation.ToolObservation toolStarted(
              dev.majordomo.observation.ToolStart tool) {
            return null;
          }

          @Override
          public dev.majordomo.observation.ContextSnapshot captureContext() {
            throw new IllegalStateException("observer bug");
          }
        };
    fake.model("a").replyToolCalls(call("c1", "Paris"), call("c2", "Lyon")).reply("fine");
    AssistantRuntime withBroken =
        new AssistantRuntime(
            TestTools.class,
            registry::chain,
            null,
            pool,
            Limits.DEFAULTS,
            null,
            dev.majordomo.observation.Observer.all(broken, observer));

    Reply<String> reply =
        withBroken.call(plan(), weather, CallPrompt.of(null, "weather?"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("fine");
    assertThat(observer.lines()).last().isEqualTo("call ok TestTools.ask in=0");
    assertThat(observer.lines("tool done")).hasSize(2);
  }

  @Test
  void aToolInterruptedByCancellationStillEndsItsObservation() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Toolbox slow =
        Toolbox.of(
            tool(
                "weather",
                args -> {
                  started.countDown();
                  Thread.sleep(Long.MAX_VALUE);
                  return "never";
                }));
    fake.model("a").replyToolCalls(call("c1", "Paris")).reply("never");

    CompletableFuture<Reply<String>> future =
        runtime.callAsync(plan(), slow, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);

    // the tool ends (interrupted: an error result the model would see) on the worker
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (observer.lines("tool done").isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(observer.lines("tool done")).containsExactly("tool done weather error");
    assertThat(observer.lines("call failed"))
        .containsExactly("call failed TestTools.ask CancellationException");
  }
}
