package dev.majordomo.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.majordomo.Registry;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shared health that throws never fails a call, and one that blocks shows that the registry calls
 * it inline: returning at once is the implementation's contract. Closing the registry closes it
 * once; calls after that work with local health only.
 */
class SharedHealthFaultsTest {
  private static final Request HELLO = Request.of(Message.user("hello"));
  private static final Target A = Target.of("fake", "a");

  private final FakeTimeSource clock = new FakeTimeSource();
  private final FakeProvider fake = new FakeProvider();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger(SharedHealth.class.getName());
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.WARNING) {
            warnings.add(new SimpleFormatter().formatMessage(record));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void setUp() {
    log.addHandler(capture);
    fake.model("a").defaultReply("from a");
    fake.model("b").defaultReply("from b");
  }

  @AfterEach
  void release() {
    log.removeHandler(capture);
  }

  private Registry registry(SharedHealth shared) {
    return Registry.builder()
        .withoutProviderDiscovery()
        .provider(fake)
        .env(Map.of())
        .time(clock)
        .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
        .sharedHealth(shared)
        .build();
  }

  /** Throws from every method, with a message that must not reach the log. */
  static final class Throwing implements SharedHealth {
    int calls;

    private RuntimeException boom() {
      calls++;
      return new IllegalStateException("redis://:secret-password@cache:6379 is down");
    }

    @Override
    public void start(HealthUpdates updates) {
      throw boom();
    }

    @Override
    public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
      throw boom();
    }

    @Override
    public void rateLimited(Target target, Instant until) {
      throw boom();
    }

    @Override
    public void recovered(Target target) {
      throw boom();
    }

    @Override
    public void close() {
      throw boom();
    }
  }

  @Test
  void aSharedHealthThatThrowsFailsNoCallAndIsLoggedOnceWithoutItsMessage() {
    Throwing shared = new Throwing();
    Registry registry = registry(shared);
    fake.model("a").fail(503).fail(429, null, Duration.ofSeconds(1)).fail(503);

    for (int i = 0; i < 3; i++) {
      assertThat(registry.chain("fake/a,fake/b").call(HELLO).text()).isEqualTo("from b");
      clock.advance(Duration.ofSeconds(1));
    }
    // Health still works locally: three failures bench the target.
    assertThat(registry.health().isBenched(A)).isTrue();
    clock.advance(Duration.ofSeconds(30));
    assertThat(registry.chain("fake/a,fake/b").call(HELLO).text()).isEqualTo("from a");
    assertThatCode(registry::close).doesNotThrowAnyException();

    // start, 3 × failed, rateLimited, recovered, close
    assertThat(shared.calls).isEqualTo(7);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains(Throwing.class.getName(), "IllegalStateException", "start()")
        .doesNotContain("secret");
  }

  @Test
  void theRegistryCallsTheSharedHealthInlineSoABlockingOneHoldsTheCall() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedHealth blocking =
        new SharedHealthUpdatesTest.Capture() {
          @Override
          public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    Registry registry = registry(blocking);
    fake.model("a").fail(503);

    CompletableFuture<Response> call =
        CompletableFuture.supplyAsync(() -> registry.chain("fake/a,fake/b").call(HELLO));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    // The failure was recorded here before it was reported; the call waits for the report.
    assertThat(registry.health().state(A).consecutiveFailures()).isEqualTo(1);
    assertThat(call).isNotDone();

    release.countDown();
    assertThat(call.get(10, TimeUnit.SECONDS).text()).isEqualTo("from b");
  }

  @Test
  void closeClosesTheSharedHealthOnceAndCallsGoOnWithLocalHealth() {
    InJvmHealthHub hub = new InJvmHealthHub(false);
    InJvmHealthHub.Member shared = hub.member();
    InJvmHealthHub.Member other = hub.member();
    Registry registry = registry(shared);
    Registry otherRegistry = registry(other);

    registry.close();
    registry.close();

    assertThat(shared.closes).isEqualTo(1);
    fake.model("a").fail(503).fail(503).fail(503);
    for (int i = 0; i < 3; i++) {
      assertThat(registry.chain("fake/a,fake/b").call(HELLO).text()).isEqualTo("from b");
    }
    assertThat(registry.health().isBenched(A)).isTrue();
    assertThat(shared.reported()).isEmpty();
    assertThat(otherRegistry.health().isBenched(A)).isFalse();
  }
}
