package dev.majordomo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contenders of {@link Concurrency} answer, and keep their connections between bursts of
 * concurrent calls: a contender whose pool is smaller than the callers reconnects under load and
 * measures its reconnections rather than its calls.
 */
class ConcurrencyContendersTest {
  private static final int CALLERS = 12;

  @ParameterizedTest
  @ValueSource(strings = {"floor", "floorWithProviderHeaders", "majordomo"})
  void aSecondBurstOfConcurrentCallsReusesTheFirstBurstsConnections(String name) throws Exception {
    Handler handler = new Handler();
    try (LoopbackServer server = LoopbackServer.start(handler::reply)) {
      Supplier<String> contender = Concurrency.contender(name, server);

      burst(contender);
      long afterFirst = server.connectionsAccepted();
      burst(contender);

      // The handler holds every request until all callers' requests have arrived, so each burst
      // has all of them in flight at once: one connection per caller.
      assertThat(afterFirst).isEqualTo(CALLERS);
      assertThat(server.connectionsAccepted()).isEqualTo(CALLERS);
    }
  }

  private static void burst(Supplier<String> contender) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        calls.add(contender::get);
      }
      for (Future<String> answer : callers.invokeAll(calls)) {
        assertThat(answer.get()).isEqualTo(Canned.ANSWER);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** Canned answers, each released once {@link #CALLERS} requests are waiting. */
  private static final class Handler {
    private final LoopbackServer.Handler canned = Canned.handler();
    private final CyclicBarrier allInFlight = new CyclicBarrier(CALLERS);

    LoopbackServer.Reply reply(String method, String path, byte[] body) {
      try {
        allInFlight.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the callers' requests did not all arrive", e);
      }
      return canned.reply(method, path, body);
    }
  }
}
