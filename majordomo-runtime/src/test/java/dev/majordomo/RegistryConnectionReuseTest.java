package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.time.TimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's client keeps as many idle connections as it lets calls run at once: a service
 * whose callers come in bursts of more than a few dozen reuses its connections from one burst to
 * the next instead of opening (for a real provider, a TLS handshake each) new ones.
 */
class RegistryConnectionReuseTest {
  private static final int CALLERS = 48;

  private final MockWebServer server = new MockWebServer();
  private final AtomicReference<CountDownLatch> allArrived = new AtomicReference<>();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aSecondBurstOfConcurrentCallsReusesEveryConnectionOfTheFirst() throws Exception {
    // Each call is held until every call of its burst has arrived: all are in flight at once.
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            CountDownLatch latch = allArrived.get();
            latch.countDown();
            latch.await(30, TimeUnit.SECONDS);
            return new MockResponse.Builder().body("ok").build();
          }
        });
    server.start();
    OkHttpClient client =
        new RegistryProviderContext(Map.of(), TimeSource.SYSTEM, null, Limits.DEFAULTS)
            .httpClient(server.url("/"));

    burst(client);
    burst(client);

    Set<Integer> connections = new HashSet<>();
    for (int i = 0; i < 2 * CALLERS; i++) {
      connections.add(server.takeRequest().getConnectionIndex());
    }
    assertThat(connections).hasSize(CALLERS);
  }

  private void burst(OkHttpClient client) throws InterruptedException {
    allArrived.set(new CountDownLatch(CALLERS));
    List<Thread> callers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      Thread t =
          new Thread(
              () -> {
                try (Response response =
                    client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
                  assertThat(response.body().string()).isEqualTo("ok");
                } catch (IOException | RuntimeException | Error e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      t.start();
      callers.add(t);
    }
    for (Thread t : callers) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(failures).isEmpty();
  }
}
