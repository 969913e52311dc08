package dev.majordomo.provider.openai;

import dev.majordomo.llm.ProviderContext;
import dev.majordomo.testing.FakeTimeSource;
import dev.majordomo.time.TimeSource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/** A {@link ProviderContext} for tests: a fixed environment map, a fake clock, a given client. */
public record TestContext(
    Map<String, String> environment, FakeTimeSource clock, OkHttpClient client)
    implements ProviderContext {

  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  public static TestContext of(OkHttpClient client, Map<String, String> env) {
    return new TestContext(Map.copyOf(env), new FakeTimeSource(START), client);
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name));
  }

  @Override
  public TimeSource time() {
    return clock;
  }

  @Override
  public OkHttpClient httpClient() {
    return client;
  }
}
