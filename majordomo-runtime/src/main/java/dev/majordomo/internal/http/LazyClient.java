package dev.majordomo.internal.http;

import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * A model's HTTP client, obtained from its registry on the model's first call rather than when the
 * model is opened. Opening a model is what a registry's start-up checks do (a Spring Boot
 * application resolves every configured chain as it starts); building a TLS-capable client then
 * would read and parse the JDK's trust store, about 150 ms of a cold start, for a call that may
 * come much later or never.
 */
public final class LazyClient implements Supplier<OkHttpClient> {
  private final Supplier<OkHttpClient> source;
  private volatile OkHttpClient client;

  /**
   * @param source gives the client, once, on the first {@link #get()}
   */
  public LazyClient(Supplier<OkHttpClient> source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public OkHttpClient get() {
    OkHttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = client = Objects.requireNonNull(source.get(), "no HTTP client");
        }
      }
    }
    return c;
  }
}
