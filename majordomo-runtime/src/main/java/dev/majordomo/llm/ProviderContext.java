package dev.majordomo.llm;

import dev.majordomo.Limits;
import dev.majordomo.time.TimeSource;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** What the registry lends a provider when it opens a model. */
public interface ProviderContext {

  /**
   * A variable of the registry's environment source (never the process environment in tests), for
   * conventional variables such as {@code OPENAI_API_KEY}.
   *
   * @param name the variable's name
   * @return its value, if set
   */
  Optional<String> env(String name);

  /** {@return the registry's clock} */
  TimeSource time();

  /**
   * The registry's HTTP client: one per registry, so that every provider shares its connection pool
   * and dispatcher. Derive per-model clients with {@code newBuilder()} to change timeouts. A
   * registry's client never follows redirects (a model call must not carry its credentials and
   * prompt to another host); {@code HttpTransport} does not follow them on any client either.
   *
   * @return the client
   */
  OkHttpClient httpClient();

  /**
   * The registry's HTTP client for a model whose calls go to {@code baseUrl}. For an {@code https}
   * URL this is {@link #httpClient()}. For a plain {@code http} URL a registry may lend a client
   * without TLS: building the JDK's TLS context (reading the trust store) costs more than a
   * plain-HTTP process needs at start-up. Like every client a registry lends, it follows no
   * redirect; the redirect is returned as an HTTP error. Providers whose base URL is fixed when the
   * model is opened should call this rather than {@link #httpClient()}.
   *
   * @param baseUrl where the model's calls go
   * @return the client
   */
  default OkHttpClient httpClient(HttpUrl baseUrl) {
    return httpClient();
  }

  /**
   * The registry's limits: response and stream line sizes, image size and the call deadline that
   * the provider's HTTP calls must respect. {@link Limits#DEFAULTS} unless the registry sets
   * others.
   *
   * @return the limits
   */
  default Limits limits() {
    return Limits.DEFAULTS;
  }
}
