package dev.majordomo.testing;

import dev.majordomo.llm.ProviderContext;
import dev.majordomo.time.TimeSource;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** The context of a fake model opened without a registry: a clock and nothing else. */
record FakeContext(TimeSource time) implements ProviderContext {
  @Override
  public Optional<String> env(String name) {
    return Optional.empty();
  }

  @Override
  public OkHttpClient httpClient() {
    throw new UnsupportedOperationException("the fake provider makes no HTTP calls");
  }
}
