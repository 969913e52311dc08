package dev.majordomo;

import dev.majordomo.llm.ProviderContext;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What a registry lends its providers. The HTTP clients are created on first use only: a
 * cleartext-only one for plain-HTTP models, and a TLS-capable one derived from it (same dispatcher
 * and connection pool) when a model needs TLS or a provider asks for {@link #httpClient()}.
 *
 * <p>No client lent here follows redirects, a client the user gave included (a derived one is lent
 * instead, sharing its pool, dispatcher and interceptors). OkHttp strips only {@code Authorization}
 * on a cross-host redirect: Anthropic's {@code x-api-key} and every provider's extra headers would
 * go to the new host, a 307/308 would resend the whole prompt, and https → http would be allowed. A
 * redirect is reported as an error of the target instead (see {@code HttpTransport}).
 */
final class RegistryProviderContext implements ProviderContext {
  private static final int MAX_REQUESTS = 256;
  private static final int MAX_REQUESTS_PER_HOST = 64;

  /**
   * As many idle connections as calls may run at once. With fewer (OkHttp's default is 5; this was
   * 32), a burst of more concurrent callers than that ends with the surplus connections closed, and
   * the next burst opens them again: a TLS handshake each against a real provider, and measured on
   * loopback with 64 and 256 callers as reconnects every second. An idle connection is still closed
   * after the keep-alive below.
   */
  static final int MAX_IDLE_CONNECTIONS = MAX_REQUESTS;

  /**
   * OkHttp's own default specs: TLS first, plain HTTP for http URLs. In a class of their own, so
   * that building a registry (a Spring Boot application does it as it starts) does not initialize
   * OkHttp and the Kotlin runtime: the first client does.
   */
  private static final class Specs {
    static final List<ConnectionSpec> TLS =
        List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);
    static final List<ConnectionSpec> CLEARTEXT = List.of(ConnectionSpec.CLEARTEXT);

    private Specs() {}
  }

  private final Map<String, String> env;
  private final TimeSource time;
  private final Limits limits;
  private final OkHttpClient userClient;
  private volatile OkHttpClient cleartextClient;
  private volatile OkHttpClient tlsClient;

  RegistryProviderContext(
      Map<String, String> env, TimeSource time, OkHttpClient httpClient, Limits limits) {
    this.env = env;
    this.time = time;
    this.userClient = httpClient;
    this.limits = limits;
  }

  @Override
  public Limits limits() {
    return limits;
  }

  @Override
  public Optional<String> env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  @Override
  public TimeSource time() {
    return time;
  }

  /** The TLS-capable client: right for any URL, and what providers that do not say get. */
  @Override
  public OkHttpClient httpClient() {
    OkHttpClient client = tlsClient;
    if (client == null) {
      synchronized (this) {
        client = tlsClient;
        if (client == null) {
          OkHttpClient given = userClient;
          client =
              tlsClient =
                  given != null
                      ? withoutRedirects(given)
                      : cleartextClient().newBuilder().connectionSpecs(Specs.TLS).build();
        }
      }
    }
    return client;
  }

  /**
   * For a plain-HTTP URL, a client without TLS (sharing the TLS client's dispatcher and connection
   * pool), so that a process that never speaks TLS never builds the JDK's TLS context: reading and
   * parsing the trust store costs about 150 ms of start-up. A client the user gave is used for
   * every URL (made not to follow redirects).
   */
  @Override
  public OkHttpClient httpClient(HttpUrl baseUrl) {
    if (baseUrl.isHttps() || userClient != null) {
      return httpClient();
    }
    return cleartextClient();
  }

  private OkHttpClient cleartextClient() {
    OkHttpClient client = cleartextClient;
    if (client == null) {
      synchronized (this) {
        client = cleartextClient;
        if (client == null) {
          client = cleartextClient = defaultCleartextClient();
        }
      }
    }
    return client;
  }

  /**
   * {@code client} if it follows no redirects, else a client derived from it (same pool,
   * dispatcher, interceptors and timeouts) that does not.
   */
  static OkHttpClient withoutRedirects(OkHttpClient client) {
    if (!client.followRedirects() && !client.followSslRedirects()) {
      return client;
    }
    return client.newBuilder().followRedirects(false).followSslRedirects(false).build();
  }

  /**
   * Closes the idle connections of the clients created here (a client the user gave, and the one
   * derived from it, may be shared: left alone). The clients stay usable: a later call connects
   * again.
   */
  void evictIdleConnections() {
    if (userClient != null) {
      return;
    }
    OkHttpClient client = cleartextClient;
    if (client != null) {
      // The TLS client is derived from this one and shares its pool.
      client.connectionPool().evictAll();
    }
  }

  private static OkHttpClient defaultCleartextClient() {
    // OkHttp allows 5 concurrent calls per host by default: far too few for parallel tool rounds
    // and concurrent callers sharing one provider.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
    // A model may think for minutes before its first byte; the chain's deadline and the DSN's
    // timeout bound a call, so the read timeout only guards against a connection gone silent.
    // Model calls never follow a redirect (see the class comment): the TLS client derived from
    // this one inherits that.
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofMinutes(10))
        .writeTimeout(Duration.ofMinutes(1))
        .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
        .connectionSpecs(Specs.CLEARTEXT)
        // inherited by the TLS client: OkHttp's SSL sockets are layered over these
        .socketFactory(NoDelaySocketFactory.INSTANCE)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }
}
