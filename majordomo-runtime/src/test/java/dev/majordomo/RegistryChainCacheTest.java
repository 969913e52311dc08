package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Registry#chain(String, FailoverPolicy)} caches what a chain string resolves to, by the
 * string alone: a policy per request (a deadline, a classifier lambda) must not grow the cache.
 */
class RegistryChainCacheTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private final FakeProvider fake = new FakeProvider();
  private final Registry registry =
      Registry.builder()
          .withoutProviderDiscovery()
          .provider(fake)
          .time(new FakeTimeSource())
          .env(Map.of())
          .alias("fast", "fake/a,fake/b")
          .build();

  @Test
  void aDeadlinePerCallDoesNotGrowTheCache() {
    for (int i = 1; i <= 100_000; i++) {
      FailoverPolicy policy = FailoverPolicy.DEFAULT.withDeadline(Duration.ofMillis(i));
      Chain chain = registry.chain("fast", policy);
      // The policy is applied per call, to the same resolved targets.
      assertThat(chain.policy()).isSameAs(policy);
    }
    assertThat(registry.cachedChains()).isEqualTo(1);
  }

  @Test
  void aClassifierLambdaPerCallDoesNotGrowTheCache() {
    for (int i = 0; i < 10_000; i++) {
      int n = i; // a new lambda instance each time: classifiers compare by identity
      registry.chain(
          "fast",
          FailoverPolicy.DEFAULT.withClassifier(
              e -> n < 0 ? null : dev.majordomo.llm.ErrorClassifier.DEFAULT.classify(e)));
    }
    assertThat(registry.cachedChains()).isEqualTo(1);
  }

  @Test
  void aChainWithItsOwnPolicySharesTheTargetsAndTheHealthOfTheRegistry() {
    fake.model("a").fail(503).fail(503).fail(503);
    fake.model("b").defaultReply("from b");
    Chain plain = registry.chain("fast");
    Chain own = registry.chain("fast", FailoverPolicy.DEFAULT.withTransientRetries(0));

    assertThat(own.targets()).isEqualTo(plain.targets());
    assertThat(own.policy().transientRetries()).isZero();
    assertThat(registry.chain("fast")).isSameAs(plain);
    assertThat(registry.chain("fast", registry.failoverPolicy())).isSameAs(plain);

    assertThat(own.call(HELLO).text()).isEqualTo("from b");
    assertThat(registry.health().state(Target.of("fake", "a")).consecutiveFailures()).isEqualTo(1);
    // A chain obtained before shares the same health: two more failures of a (the default policy
    // retries once) count on top of the first.
    assertThat(plain.call(HELLO).text()).isEqualTo("from b");
    assertThat(registry.health().state(Target.of("fake", "a")).consecutiveFailures()).isEqualTo(3);
  }

  @Test
  void distinctChainStringsAreCachedUpToABound() {
    int beyond = Registry.MAX_CACHED_CHAINS + 50;
    for (int i = 0; i < beyond; i++) {
      assertThat(registry.chain("fake/m" + i).targets())
          .containsExactly(Target.of("fake", "m" + i));
    }
    assertThat(registry.cachedChains()).isEqualTo(Registry.MAX_CACHED_CHAINS);
    // Past the bound a chain is resolved on each call, to the same opened models: it still works.
    fake.model("m" + (beyond - 1)).defaultReply("still served");
    assertThat(registry.chain("fake/m" + (beyond - 1)).call(HELLO).text())
        .isEqualTo("still served");
    assertThat(registry.cachedChains()).isEqualTo(Registry.MAX_CACHED_CHAINS);
  }

  @Test
  void specsBuiltFromInputKeepEveryMapBounded() {
    for (int i = 0; i < 100_000; i++) {
      // No script: each fake model fails, so each target gets a health entry until success.
      Chain chain = registry.chain("fake/user" + i);
      assertThatThrownBy(() -> chain.call(HELLO)).isInstanceOf(RuntimeException.class);
    }
    assertThat(registry.cachedChains()).isEqualTo(Registry.MAX_CACHED_CHAINS);
    assertThat(registry.openedModels()).isLessThanOrEqualTo(Registry.MAX_OPENED_MODELS);
    assertThat(registry.health().snapshot())
        .hasSizeLessThanOrEqualTo(HealthTracker.MAX_TRACKED_TARGETS);
    // Past every bound a spec still resolves and is served.
    fake.model("user99999").defaultReply("still served");
    assertThat(registry.chain("fake/user99999").call(HELLO).text()).isEqualTo("still served");
    assertThat(registry.health().state(Target.of("fake", "user99999")))
        .isEqualTo(TargetHealth.HEALTHY);
  }

  @Test
  void concurrentFirstUsesAgreeOnOneEntry() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Chain>> chains = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        chains.add(
            pool.submit(
                () -> {
                  start.await();
                  return n % 2 == 0
                      ? registry.chain("fast")
                      : registry.chain(
                          "fast", FailoverPolicy.DEFAULT.withDeadline(Duration.ofSeconds(n)));
                }));
      }
      start.countDown();
      Chain first = null;
      for (Future<Chain> f : chains) {
        Chain c = f.get(10, TimeUnit.SECONDS);
        assertThat(c.targets()).containsExactly(Target.of("fake", "a"), Target.of("fake", "b"));
        if (c.policy().deadline() == null) {
          if (first == null) {
            first = c;
          }
          assertThat(c).isSameAs(first);
        }
      }
      assertThat(registry.cachedChains()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
