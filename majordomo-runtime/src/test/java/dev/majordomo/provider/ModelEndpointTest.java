package dev.majordomo.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.foreman.ForemanProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiCompatibleProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Model#endpoint()} of every HTTP provider: the scheme, host and port its calls go to (the
 * default host, the DSN's, or a base URL variable's), the port always written out, and never a
 * credential, a path or a query. Opening a model makes no network call.
 */
class ModelEndpointTest {
  private final OkHttpClient client = new OkHttpClient();

  @AfterEach
  void stop() {
    client.dispatcher().executorService().shutdown();
  }

  private static Provider provider(String scheme) {
    return switch (scheme) {
      case "openai" -> new OpenAiProvider();
      case "anthropic" -> new AnthropicProvider();
      case "ollama" -> new OllamaProvider();
      case "foreman" -> new ForemanProvider();
      default -> throw new IllegalArgumentException(scheme);
    };
  }

  /** The endpoint of a model given by a DSN. */
  private Optional<URI> endpoint(String dsn, Map<String, String> env) {
    Provider provider = provider(dsn.substring(0, dsn.indexOf(':')));
    EnvEntry.ModelEntry entry =
        (EnvEntry.ModelEntry) Dsn.parse("LLM_X", dsn, s -> provider.parameterKeys());
    return endpoint(provider, entry.spec(), env);
  }

  private Optional<URI> endpoint(Provider provider, ModelSpec spec, Map<String, String> env) {
    Model model = provider.open(spec, new TestProviderContext(env, new FakeTimeSource(), client));
    return model.endpoint();
  }

  /** The endpoint of a model named without a host ({@code openai/gpt-4o}), with a token. */
  private String defaultEndpoint(String scheme, Map<String, String> env) {
    ModelSpec spec =
        new ModelSpec(scheme, Secret.of("tok-123456"), null, -1, "m", null, null, null, Map.of());
    return endpoint(provider(scheme), spec, env).orElseThrow().toString();
  }

  private String endpointOf(String dsn, Map<String, String> env) {
    return endpoint(dsn, env).orElseThrow().toString();
  }

  @ParameterizedTest
  @CsvSource({
    "openai,    https://api.openai.com:443",
    "anthropic, https://api.anthropic.com:443",
    "ollama,    http://localhost:11434",
  })
  void theDefaultHostWithItsPort(String scheme, String expected) {
    assertThat(defaultEndpoint(scheme, Map.of())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "foreman://tok@gw.example.com:8443/m,            https://gw.example.com:8443",
    "foreman://tok@gw.example.com/m,                 https://gw.example.com:443",
    "openai://tok@llm.internal:9000/gpt-4o?tls=false, http://llm.internal:9000",
    "openai://tok@llm.internal/gpt-4o?tls=false,      http://llm.internal:80",
    "anthropic://k@proxy.example:8080/claude?base_path=/anthropic/v1, https://proxy.example:8080",
    "ollama://gpu-box/llama3.2,                      http://gpu-box:11434",
    "ollama://gpu-box:9999/llama3.2?tls=true,        https://gpu-box:9999",
    "ollama://[::1]:11434/llama3.2,                  http://[::1]:11434",
  })
  void aDsnHostAndPortWithoutItsPath(String dsn, String expected) {
    assertThat(endpointOf(dsn, Map.of())).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "openai,    OPENAI_BASE_URL,    https://proxy.example/openai/v1,     https://proxy.example:443",
    "anthropic, ANTHROPIC_BASE_URL, http://gateway.local:8080/anthropic, http://gateway.local:8080",
    "ollama,    OLLAMA_HOST,        ollama.lan:9999,                     http://ollama.lan:9999",
    "ollama,    OLLAMA_HOST,        https://ollama.example/api-root,     https://ollama.example:443",
  })
  void aBaseUrlVariable(String scheme, String variable, String value, String expected) {
    assertThat(defaultEndpoint(scheme, Map.of(variable, value))).isEqualTo(expected);
  }

  @Test
  void aDsnWithCredentialsKeepsThemOutOfTheEndpoint() {
    String token = "sk-proj-canary0123456789";
    for (String dsn :
        new String[] {
          "openai://" + token + "@llm.example:8443/gpt-4o?organization=org-1",
          "anthropic://" + token + "@llm.example:8443/claude-haiku-4-5",
          "ollama://" + token + "@llm.example:8443/llama3.2",
          "foreman://" + token + "@llm.example:8443/m",
        }) {
      URI uri = endpoint(dsn, Map.of()).orElseThrow();
      assertThat(uri.toString()).doesNotContain(token).doesNotContain("@");
      assertThat(uri.getUserInfo()).isNull();
      assertThat(uri.getRawPath()).isEmpty();
      assertThat(uri.getQuery()).isNull();
      assertThat(uri.getHost()).isEqualTo("llm.example");
      assertThat(uri.getPort()).isEqualTo(8443);
    }
  }

  @Test
  void anOpenAiCompatibleProviderOfADeploymentReportsItsDefaultHost() {
    Provider gateway =
        OpenAiCompatibleProvider.builder("acme")
            .defaultHost("llm.acme.internal")
            .defaultPort(7443)
            .build();
    ModelSpec spec =
        new ModelSpec("acme", Secret.of("tok-123456"), null, -1, "m", null, null, null, Map.of());
    assertThat(endpoint(gateway, spec, Map.of()))
        .contains(URI.create("https://llm.acme.internal:7443"));
  }

  @Test
  void aModelWithoutCredentialsMakesNoCallAndReportsNoEndpoint() {
    assertThat(endpoint(new OpenAiProvider(), ModelSpec.of("openai", "gpt-4o"), Map.of()))
        .isEmpty();
  }
}
