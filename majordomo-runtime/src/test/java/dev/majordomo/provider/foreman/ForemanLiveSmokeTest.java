package dev.majordomo.provider.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.openai.TestContext;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Talks to a real foreman gateway. Runs only when {@code FOREMAN_HOST} and {@code FOREMAN_TOKEN}
 * are set (reported as skipped otherwise); {@code FOREMAN_MODEL} picks the model, else the
 * gateway's first listed model is used.
 */
@EnabledIfEnvironmentVariable(named = "FOREMAN_HOST", matches = ".+")
@EnabledIfEnvironmentVariable(named = "FOREMAN_TOKEN", matches = ".+")
class ForemanLiveSmokeTest {

  @Test
  void callsTheRealGateway() {
    ModelSpec spec =
        new ModelSpec(
            "foreman",
            Secret.of(System.getenv("FOREMAN_TOKEN")),
            System.getenv("FOREMAN_HOST"),
            -1,
            System.getenv("FOREMAN_MODEL"),
            null,
            Duration.ofSeconds(60),
            null,
            Map.of());
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
    Response r =
        new ForemanProvider()
            .open(spec, TestContext.of(client, Map.of()))
            .call(
                Request.of(Message.user("Reply with exactly the word: pong"))
                    .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(16)));
    assertThat(r.text()).isNotBlank();
  }
}
