package dev.majordomo.reliability;

import dev.majordomo.Limits;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.time.TimeSource;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** A provider context with an environment map, a client and limits of the test's choosing. */
record Context(Map<String, String> variables, OkHttpClient httpClient, Limits limits)
    implements ProviderContext {

  Context(OkHttpClient httpClient) {
    this(Map.of(), httpClient, Limits.DEFAULTS);
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  @Override
  public TimeSource time() {
    return TimeSource.SYSTEM;
  }
}
