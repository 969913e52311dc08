package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyRegistryTest {
  private static Registry newRegistry() {
    return Registry.builder().withoutProviderDiscovery().env(Map.of()).build();
  }

  @Test
  void createdOnFirstUseOnlyOnceAcrossThreads() throws Exception {
    AtomicInteger built = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    LazyRegistry lazy =
        new LazyRegistry(
            () -> {
              built.incrementAndGet();
              return newRegistry();
            });
    assertThat(built).hasValue(0);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Registry>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return lazy.get();
                }));
      }
      start.countDown();
      Registry first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Registry> r : results) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(built).hasValue(1);
  }

  @Test
  void aFailedCreationIsRetriedNextTime() {
    AtomicInteger calls = new AtomicInteger();
    LazyRegistry lazy =
        new LazyRegistry(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new MajordomoException("provider failed to load");
              }
              return newRegistry();
            });

    assertThatThrownBy(lazy::get).hasMessage("provider failed to load");
    Registry second = lazy.get();

    assertThat(lazy.get()).isSameAs(second);
    assertThat(calls).hasValue(2);
  }
}
