package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.CallStart;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.RecordingObserver;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The paths where a call's observation, or a scope, could be left open. */
class AssistantObservationEdgeTest {
  private final FakeProvider fake = new FakeProvider();
  private final RecordingObserver observer = new RecordingObserver();

  private AssistantRuntime runtime(Executor executor, Observer... observers) {
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(fake)
            .time(new FakeTimeSource())
            .env(Map.of())
            .observer(observer)
            .build();
    return new AssistantRuntime(
        TestTools.class,
        registry::chain,
        null,
        executor,
        Limits.DEFAULTS,
        null,
        Observer.all(observers));
  }

  private static MethodPlan plan() {
    return MethodPlan.forMethod("Agent", "ask").withChain("fake/a");
  }

  @Test
  void anAsyncCallWhoseExecutorThrowsEndsWithThatError() {
    IllegalStateException broken = new IllegalStateException("the pool is broken");
    AssistantRuntime async =
        runtime(
            task -> {
              throw broken;
            },
            observer);

    assertThatThrownBy(
            () -> async.callAsync(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT))
        .isSameAs(broken);

    assertThat(observer.lines())
        .containsExactly(
            "call TestTools.ask parent=-", "call failed TestTools.ask IllegalStateException");
  }

  @Test
  void aRawEventStreamAbandonedWithoutCloseEndsItsCallAndAttemptOnceUnreachable() {
    fake.model("a").stream("one", "two", "three");
    AssistantRuntime runtime = runtime(Runnable::run, observer);

    readOneEventAndAbandon(runtime);
    assertThat(observer.lines("call")).containsExactly("call TestTools.ask stream parent=-");

    // A nudge for the collector, not a timing assertion: at most 200 rounds of System.gc().
    for (int i = 0; i < 200 && observer.lines("call failed").isEmpty(); i++) {
      System.gc();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(observer.lines("call failed"))
        .containsExactly("call failed TestTools.ask CancellationException");
    assertThat(observer.lines("attempt failed"))
        .containsExactly("attempt failed a#1 CANCELLED 0ms");
  }

  private static void readOneEventAndAbandon(AssistantRuntime runtime) {
    ResponseStream stream = runtime.streamEvents(plan(), null, CallPrompt.of(null, "hi"));
    assertThat(stream.hasNext()).isTrue();
    stream.next();
  }

  /**
   * An observer compiled against a library missing at run time fails with a {@link LinkageError}:
   * that is the observer's fault, and the other observers' scopes still close on this thread.
   */
  @Test
  void anObserverWhoseEnterFailsToLinkBreaksNothingAndLeaksNoContext() {
    fake.model("a").reply("hi");
    Observer unlinked =
        new Observer() {
          @Override
          public CallObservation callStarted(CallStart call) {
            return new CallObservation() {
              @Override
              public Observation.Scope enter() {
                throw new NoClassDefFoundError("io/opentelemetry/context/Context");
              }
            };
          }
        };
    AssistantRuntime runtime = runtime(Runnable::run, observer, unlinked);

    Reply<String> reply = runtime.call(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("hi");
    assertThat(observer.lines("call"))
        .containsExactly("call TestTools.ask parent=-", "call ok TestTools.ask in=0");
    assertThat(RecordingObserver.current()).isEqualTo("-");
  }

  /** Any other error of an observer's enter() goes on to the caller, after the scopes unwind. */
  @Test
  void anObserverWhoseEnterThrowsAnErrorLeaksNoContext() {
    fake.model("a").reply("hi");
    Observer failing =
        new Observer() {
          @Override
          public CallObservation callStarted(CallStart call) {
            return new CallObservation() {
              @Override
              public Observation.Scope enter() {
                throw new AssertionError("an observer's own check");
              }
            };
          }
        };
    AssistantRuntime runtime = runtime(Runnable::run, observer, failing);

    assertThatThrownBy(
            () -> runtime.call(plan(), null, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT))
        .isInstanceOf(AssertionError.class);

    assertThat(RecordingObserver.current()).isEqualTo("-");
    assertThat(observer.lines("call"))
        .containsExactly("call TestTools.ask parent=-", "call failed TestTools.ask AssertionError");
  }
}
