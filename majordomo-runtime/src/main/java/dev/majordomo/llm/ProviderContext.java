package dev.majordomo.llm;

import dev.majordomo.Limits;
import dev.majordomo.time.TimeSource;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** What the registry lends a provider when it opens a model. */
public interface ProviderContext {

  /**
   * A variable of the registry's environment source (never the process environment in tests), for
   * conventional variables such as {@code OPENAI_API_KEY}.
   */
  Optional<String> env(String name);

  /** The registry's clock. */
  TimeSource time();

  /**
   * The registry's HTTP client: one per registry, so that every provider shares its connection pool
   * and dispatcher. Derive per-model clients with {@code newBuilder()} to change timeouts.
   */
  OkHttpClient httpClient();

  /**
   * The registry's limits: response and stream line sizes, image size and the call deadline that
   * the provider's HTTP calls must respect. {@link Limits#DEFAULTS} unless the registry sets
   * others.
   */
  default Limits limits() {
    return Limits.DEFAULTS;
  }
}
