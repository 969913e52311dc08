package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * A registry's own client for plain-HTTP models has no TLS (see {@code RegistryProviderContext}):
 * plain calls work as before, and a redirect to {@code https} is a typed HTTP error of the target
 * rather than an exception from inside OkHttp (no model call follows a redirect: {@link
 * RedirectTest}).
 */
class PlainHttpClientTest {

  @Test
  void aPlainHttpModelIsCalledOnTheRegistrysOwnClient() {
    try (LoopbackServer server =
        new LoopbackServer(
            request ->
                new MockResponse(200, okhttp3.Headers.of(), ProviderBodies.OPENAI.reply("ok")))) {
      Registry registry = Registry.builder().env(Map.of("LLM_M", dsn(server))).build();

      assertThat(registry.model("m").call(Request.of(Message.user("hi"))).text()).isEqualTo("ok");
      assertThat(server.requests).hasSize(1);
      assertThat(server.requests.get(0).getUrl().scheme()).isEqualTo("http");
    }
  }

  @Test
  void aRedirectToHttpsIsAnHttpErrorNotFollowed() {
    try (LoopbackServer server =
        new LoopbackServer(
            request ->
                new MockResponse.Builder()
                    .code(307)
                    .addHeader("Location", "https://localhost:1/v1/chat/completions")
                    .build())) {
      Registry registry = Registry.builder().env(Map.of("LLM_M", dsn(server))).build();

      ChainExhaustedException e =
          catchThrowableOfType(
              ChainExhaustedException.class,
              () -> registry.model("m").call(Request.of(Message.user("hi"))));

      LlmException failure = (LlmException) e.attempts().get(0).error();
      assertThat(failure.status()).hasValue(307);
      assertThat(failure.getMessage()).contains("HTTP 307");
      assertThat(server.requests).isNotEmpty().allMatch(r -> r.getUrl().scheme().equals("http"));
    }
  }

  private static String dsn(LoopbackServer server) {
    return "openai://sk-test@127.0.0.1:" + server.port() + "/gpt-4o?tls=false";
  }
}
