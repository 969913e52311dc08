package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.time.TimeSource;
import java.io.IOException;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What closing a registry releases: the idle connections of the clients it created, never those of
 * a client the user gave; the clients stay usable.
 */
class RegistryCloseConnectionsTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void get(OkHttpClient client) throws IOException {
    server.enqueue(new MockResponse.Builder().body("ok").build());
    try (Response response =
        client.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      assertThat(response.body().string()).isEqualTo("ok");
    }
  }

  @Test
  void theIdleConnectionsOfTheClientsItCreatedAreEvicted() throws IOException {
    RegistryProviderContext context =
        new RegistryProviderContext(Map.of(), TimeSource.SYSTEM, null, Limits.DEFAULTS);
    OkHttpClient client = context.httpClient(server.url("/"));
    get(client);
    assertThat(client.connectionPool().idleConnectionCount()).isEqualTo(1);

    context.evictIdleConnections();

    assertThat(client.connectionPool().idleConnectionCount()).isZero();
    get(client); // still usable: it connects again
  }

  @Test
  void aClientTheUserGaveIsLeftAlone() throws IOException {
    OkHttpClient given = new OkHttpClient();
    RegistryProviderContext context =
        new RegistryProviderContext(Map.of(), TimeSource.SYSTEM, given, Limits.DEFAULTS);
    get(context.httpClient(server.url("/")));

    context.evictIdleConnections();

    assertThat(given.connectionPool().idleConnectionCount()).isEqualTo(1);
    given.connectionPool().evictAll();
  }

  @Test
  void aRegistryThatNeverCalledAnythingClosesQuietly() {
    Registry registry = Registry.builder().withoutProviderDiscovery().env(Map.of()).build();

    registry.close();
    registry.close();

    assertThat(registry.health().snapshot()).isEmpty();
  }
}
