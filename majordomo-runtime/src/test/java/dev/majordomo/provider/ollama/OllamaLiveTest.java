package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A smoke test against a real Ollama server. Runs only when {@code MAJORDOMO_LIVE_OLLAMA_MODEL}
 * names a model that server has pulled (the server is {@code OLLAMA_HOST}, default {@code
 * localhost:11434}); reported as skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "MAJORDOMO_LIVE_OLLAMA_MODEL", matches = ".+")
class OllamaLiveTest {

  private static Model model() {
    ModelSpec spec =
        new ModelSpec(
            "ollama",
            null,
            null,
            -1,
            System.getenv("MAJORDOMO_LIVE_OLLAMA_MODEL"),
            null,
            Duration.ofMinutes(5),
            null,
            Map.of());
    return new OllamaProvider()
        .open(
            spec, new TestProviderContext(System.getenv(), TimeSource.SYSTEM, new OkHttpClient()));
  }

  private static final Request PING =
      Request.of(Message.user("Reply with the word: pong"))
          .withOptions(
              GenerationOptions.DEFAULTS.withMaxTokens(32).withTemperature(0.0).withSeed(1L));

  @Test
  void aPlainCallAnswersAndCountsTokens() {
    Response r = model().call(PING);
    assertThat(r.text()).isNotBlank();
    assertThat(r.usage().outputTokens()).isPositive();
  }

  @Test
  void aStreamedCallAnswers() {
    assertThat(model().stream(PING).collect().text()).isNotBlank();
  }

  @Test
  void theCapabilityProbeSaysTheModelCompletes() {
    assertThat(model().capabilities().known(dev.majordomo.llm.Capability.STRUCTURED_OUTPUT))
        .contains(true);
  }
}
