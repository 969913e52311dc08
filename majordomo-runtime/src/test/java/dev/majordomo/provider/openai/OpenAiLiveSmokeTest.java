package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Talks to the real OpenAI API. Runs only when {@code OPENAI_API_KEY} is set (and is reported as
 * skipped otherwise); {@code OPENAI_SMOKE_MODEL} picks the model (default {@code gpt-4o-mini}).
 */
@EnabledIfEnvironmentVariable(named = "OPENAI_API_KEY", matches = ".+")
class OpenAiLiveSmokeTest {

  private static Model model() {
    String id = System.getenv().getOrDefault("OPENAI_SMOKE_MODEL", "gpt-4o-mini");
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
    return new OpenAiProvider()
        .open(
            ModelSpec.of("openai", id),
            TestContext.of(
                client, java.util.Map.of("OPENAI_API_KEY", System.getenv("OPENAI_API_KEY"))));
  }

  private static final Request PING =
      Request.of(Message.user("Reply with exactly the word: pong"))
          .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(16));

  @Test
  void callsAndStreamsAgainstTheRealApi() {
    Response call = model().call(PING);
    assertThat(call.text().toLowerCase(java.util.Locale.ROOT)).contains("pong");
    assertThat(call.usage().inputTokens()).isPositive();

    Response streamed = model().stream(PING).collect();
    assertThat(streamed.text().toLowerCase(java.util.Locale.ROOT)).contains("pong");
    assertThat(streamed.usage().outputTokens()).isPositive();
  }
}
