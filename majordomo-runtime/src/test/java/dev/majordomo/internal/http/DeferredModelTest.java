package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DeferredModelTest {
  private static final Optional<URI> ENDPOINT = Optional.of(URI.create("http://127.0.0.1:9/v1/"));
  private static final Capabilities IMAGES = Capabilities.unknown().with(Capability.IMAGES, true);
  private static final Request REQUEST = Request.of(Message.user("hi"));
  private static final Target TARGET = new Target("openai", "127.0.0.1", 9, "gpt-test");

  /** A model that answers with its own number, and the builder that counts the models it built. */
  private static final class Builds implements Supplier<Model> {
    final AtomicInteger built = new AtomicInteger();
    volatile RuntimeException failNext;

    @Override
    public Model get() {
      RuntimeException failure = failNext;
      if (failure != null) {
        failNext = null;
        throw failure;
      }
      int number = built.incrementAndGet();
      return new Model() {
        @Override
        public Response call(Request request) {
          return Response.ofText("model " + number);
        }

        @Override
        public ResponseStream stream(Request request) {
          throw new UnsupportedOperationException("not streamed here");
        }

        @Override
        public Capabilities capabilities() {
          return Capabilities.unknown().with(Capability.TOOLS, number > 0);
        }

        @Override
        public String toString() {
          return "BuiltModel[" + number + "]";
        }
      };
    }
  }

  @Test
  void answersItsEndpointAndCapabilitiesWithoutBuildingTheModel() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, IMAGES, builds);

    assertThat(model.endpoint()).isEqualTo(ENDPOINT);
    assertThat(model.capabilities()).isSameAs(IMAGES);
    assertThat(model.capabilities(REQUEST)).isSameAs(IMAGES);
    assertThat(builds.built).hasValue(0);
  }

  @Test
  void buildsTheModelOnItsFirstCallAndKeepsIt() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, IMAGES, builds);

    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
    assertThatThrownBy(() -> model.stream(REQUEST))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(builds.built).hasValue(1);
  }

  @Test
  void namesItsTargetUntilBuiltThenDescribesItselfAsTheBuiltModel() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, IMAGES, builds);

    assertThat(model.toString())
        .isEqualTo("DeferredModel[openai://127.0.0.1:9/gpt-test, not built yet]");
    assertThat(builds.built).hasValue(0);
    model.call(REQUEST);
    assertThat(model.toString()).isEqualTo("BuiltModel[1]");
  }

  @Test
  void asksTheBuiltModelForCapabilitiesOnlyTheModelKnows() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, null, builds);

    assertThat(model.capabilities().known(Capability.TOOLS)).contains(true);
    assertThat(model.capabilities(REQUEST).known(Capability.TOOLS)).contains(true);
    assertThat(builds.built).hasValue(1);
  }

  @Test
  void aBuildThatFailsIsTriedAgainOnTheNextCall() {
    Builds builds = new Builds();
    builds.failNext = new IllegalStateException("no parts today");
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, IMAGES, builds);

    assertThatThrownBy(() -> model.call(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no parts today");
    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
  }

  @Test
  void callersThatArriveDuringTheBuildWaitForItAndShareIt() throws Exception {
    int callers = 8;
    List<Thread> threads = new ArrayList<>();
    CountDownLatch allStarted = new CountDownLatch(callers);
    AtomicInteger built = new AtomicInteger();
    // The first caller builds; the build ends only once every other caller waits for it.
    Supplier<Model> slowBuild =
        () -> {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (!othersWaiting(threads)) {
            if (System.nanoTime() > deadline) {
              throw new AssertionError("the other callers never waited for the build");
            }
            Thread.onSpinWait();
          }
          built.incrementAndGet();
          return new Builds().get();
        };
    DeferredModel model = new DeferredModel(TARGET, ENDPOINT, IMAGES, slowBuild);
    List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < callers; i++) {
      Thread thread =
          new Thread(
              () -> {
                allStarted.countDown();
                try {
                  allStarted.await();
                  answers.add(model.call(REQUEST).text());
                } catch (Throwable t) {
                  failures.add(t);
                }
              });
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(20));
      assertThat(thread.isAlive()).isFalse();
    }

    assertThat(failures).isEmpty();
    assertThat(answers).hasSize(callers).containsOnly("model 1");
    assertThat(built).hasValue(1);
  }

  /** Whether every caller but the current thread is blocked on the build's lock. */
  private static boolean othersWaiting(List<Thread> threads) {
    int blocked = 0;
    for (Thread thread : threads) {
      if (thread != Thread.currentThread() && thread.getState() == Thread.State.BLOCKED) {
        blocked++;
      }
    }
    return blocked == threads.size() - 1;
  }
}
