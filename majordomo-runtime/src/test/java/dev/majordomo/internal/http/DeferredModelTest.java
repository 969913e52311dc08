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
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DeferredModelTest {
  private static final Optional<URI> ENDPOINT = Optional.of(URI.create("http://127.0.0.1:9/v1/"));
  private static final Capabilities IMAGES = Capabilities.unknown().with(Capability.IMAGES, true);
  private static final Request REQUEST = Request.of(Message.user("hi"));

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
      };
    }
  }

  @Test
  void answersItsEndpointAndCapabilitiesWithoutBuildingTheModel() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(ENDPOINT, IMAGES, builds);

    assertThat(model.endpoint()).isEqualTo(ENDPOINT);
    assertThat(model.capabilities()).isSameAs(IMAGES);
    assertThat(model.capabilities(REQUEST)).isSameAs(IMAGES);
    assertThat(builds.built).hasValue(0);
  }

  @Test
  void buildsTheModelOnItsFirstCallAndKeepsIt() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(ENDPOINT, IMAGES, builds);

    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
    assertThatThrownBy(() -> model.stream(REQUEST))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(builds.built).hasValue(1);
  }

  @Test
  void asksTheBuiltModelForCapabilitiesOnlyTheModelKnows() {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(ENDPOINT, null, builds);

    assertThat(model.capabilities().known(Capability.TOOLS)).contains(true);
    assertThat(model.capabilities(REQUEST).known(Capability.TOOLS)).contains(true);
    assertThat(builds.built).hasValue(1);
  }

  @Test
  void aBuildThatFailsIsTriedAgainOnTheNextCall() {
    Builds builds = new Builds();
    builds.failNext = new IllegalStateException("no parts today");
    DeferredModel model = new DeferredModel(ENDPOINT, IMAGES, builds);

    assertThatThrownBy(() -> model.call(REQUEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no parts today");
    assertThat(model.call(REQUEST).text()).isEqualTo("model 1");
  }

  @Test
  void callersThatArriveTogetherShareOneBuild() throws Exception {
    Builds builds = new Builds();
    DeferredModel model = new DeferredModel(ENDPOINT, IMAGES, builds);
    int callers = 16;
    CountDownLatch ready = new CountDownLatch(callers);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return model.call(REQUEST).text();
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      for (Future<String> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("model 1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(builds.built).hasValue(1);
  }
}
