package dev.majordomo;

import dev.majordomo.llm.ProviderContext;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** What a registry lends its providers. The HTTP client is created on first use only. */
final class RegistryProviderContext implements ProviderContext {
  private static final int MAX_REQUESTS = 256;
  private static final int MAX_REQUESTS_PER_HOST = 64;

  private final Map<String, String> env;
  private final TimeSource time;
  private final Limits limits;
  private volatile OkHttpClient httpClient;

  RegistryProviderContext(
      Map<String, String> env, TimeSource time, OkHttpClient httpClient, Limits limits) {
    this.env = env;
    this.time = time;
    this.httpClient = httpClient;
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

  @Override
  public OkHttpClient httpClient() {
    OkHttpClient client = httpClient;
    if (client == null) {
      synchronized (this) {
        client = httpClient;
        if (client == null) {
          client = httpClient = defaultClient();
        }
      }
    }
    return client;
  }

  private static OkHttpClient defaultClient() {
    // OkHttp allows 5 concurrent calls per host by default: far too few for parallel tool rounds
    // and concurrent callers sharing one provider.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(MAX_REQUESTS);
    dispatcher.setMaxRequestsPerHost(MAX_REQUESTS_PER_HOST);
    // A model may think for minutes before its first byte; the chain's deadline and the DSN's
    // timeout bound a call, so the read timeout only guards against a connection gone silent.
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofMinutes(10))
        .writeTimeout(Duration.ofMinutes(1))
        .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
        .build();
  }
}
