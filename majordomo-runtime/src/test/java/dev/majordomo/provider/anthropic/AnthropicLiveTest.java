package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.util.Locale;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A smoke test against the real Messages API. Runs only when {@code ANTHROPIC_API_KEY} is set (the
 * model is {@code MAJORDOMO_LIVE_ANTHROPIC_MODEL}, default {@code claude-haiku-4-5}); reported as
 * skipped otherwise.
 */
@EnabledIfEnvironmentVariable(named = "ANTHROPIC_API_KEY", matches = ".+")
class AnthropicLiveTest {

  private static Model model() {
    String id = System.getenv().getOrDefault("MAJORDOMO_LIVE_ANTHROPIC_MODEL", "claude-haiku-4-5");
    ModelSpec spec =
        new ModelSpec(
            "anthropic",
            null,
            null,
            -1,
            id,
            null,
            Duration.ofSeconds(60),
            null,
            java.util.Map.of());
    return new AnthropicProvider()
        .open(
            spec, new TestProviderContext(System.getenv(), TimeSource.SYSTEM, new OkHttpClient()));
  }

  private static final Request PING =
      Request.of(
              Message.system("You answer with exactly one lower-case word."),
              Message.user("Reply with the word: pong"))
          .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(16).withTemperature(0.0));

  @Test
  void aPlainCallAnswers() {
    Response r = model().call(PING);
    assertThat(r.text().toLowerCase(Locale.ROOT)).contains("pong");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
  }

  @Test
  void aStreamedCallAnswers() {
    Response r = model().stream(PING).collect();
    assertThat(r.text().toLowerCase(Locale.ROOT)).contains("pong");
    assertThat(r.usage().outputTokens()).isPositive();
  }
}
