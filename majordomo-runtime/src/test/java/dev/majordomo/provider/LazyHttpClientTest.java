package dev.majordomo.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.time.TimeSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model asks its registry for an HTTP client on its first call, not when it is opened: opening is
 * what start-up checks do, and a TLS-capable client reads the JDK's trust store (a cold start's
 * largest single cost in a Spring Boot application that resolves its chains as it starts).
 */
class LazyHttpClientTest {

  /** Counts the clients asked for. */
  private static final class CountingContext implements ProviderContext {
    final AtomicInteger asked = new AtomicInteger();
    private final OkHttpClient client = new OkHttpClient();

    @Override
    public Optional<String> env(String name) {
      return Optional.empty();
    }

    @Override
    public TimeSource time() {
      return TimeSource.SYSTEM;
    }

    @Override
    public OkHttpClient httpClient() {
      asked.incrementAndGet();
      return client;
    }

    @Override
    public OkHttpClient httpClient(HttpUrl baseUrl) {
      return httpClient();
    }
  }

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(
            new OpenAiProvider(),
            "openai://sk-test@%s:%d/gpt-4o?tls=false",
            "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"finish_reason\":\"stop\"}]}"),
        Arguments.of(
            new AnthropicProvider(),
            "anthropic://key@%s:%d/claude?tls=false",
            "{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\"}"),
        Arguments.of(
            new OllamaProvider(),
            "ollama://%s:%d/llama3.2",
            "{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"done\":true,"
                + "\"done_reason\":\"stop\"}"));
  }

  @ParameterizedTest
  @MethodSource("providers")
  void openingAModelBuildsNoClientItsFirstCallDoes(Provider provider, String dsn, String reply)
      throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(java.net.InetAddress.getLoopbackAddress(), 0);
      MockResponse ok =
          new MockResponse.Builder()
              .body(reply)
              .addHeader("Content-Type", "application/json")
              .build();
      server.enqueue(ok);
      server.enqueue(ok);
      CountingContext context = new CountingContext();
      EnvEntry.ModelEntry entry =
          (EnvEntry.ModelEntry)
              Dsn.parse(
                  "LLM_X",
                  String.format(dsn, server.getHostName(), server.getPort()),
                  s -> provider.parameterKeys());
      ModelSpec spec = entry.spec();

      Model model = provider.open(spec, context);
      assertThat(context.asked).as("clients asked for by opening").hasValue(0);

      assertThat(model.call(Request.of(Message.user("hello"))).text()).isEqualTo("hi");
      model.call(Request.of(Message.user("again")));
      assertThat(context.asked).as("clients asked for by two calls").hasValue(1);
    }
  }
}
