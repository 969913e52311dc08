package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.time.TimeSource;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class ModelSpecReaderTest {
  private static final OkHttpClient CLIENT = new OkHttpClient();

  private static ModelSpec spec(String host, Boolean tls, Map<String, String> parameters) {
    return new ModelSpec(
        "acme", Secret.of("sk-secret-123456"), host, -1, "m", tls, null, null, parameters);
  }

  private static TestProviderContext env(Map<String, String> env) {
    return new TestProviderContext(env, TimeSource.SYSTEM, CLIENT);
  }

  private static ModelSpecReader.Endpoint endpoint(boolean prefix) {
    return new ModelSpecReader.Endpoint(
        "api.acme.test",
        -1,
        -1,
        true,
        "/v1",
        "ACME_BASE_URL",
        ModelSpecReader.httpUrl("ACME_BASE_URL", "in ACME_KEY or the DSN"),
        prefix);
  }

  @Test
  void anUnknownParameterIsNamedWithTheKnownOnes() {
    assertThatThrownBy(
            () -> ModelSpecReader.of(spec("h", null, Map.of("x", "1")), Set.of("b", "a")))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("unknown parameter 'x' (known: [a, b])")
        .hasMessageNotContaining("sk-secret");
  }

  @Test
  void flagsAndPositiveIntegersNameTheParameterAndTheValue() {
    ModelSpecReader reader =
        ModelSpecReader.of(
            spec("h", null, Map.of("on", " TRUE ", "bad", "yes", "n", "12", "zero", "0")),
            Set.of("on", "bad", "n", "zero", "absent"));
    assertThat(reader.flag("on")).isTrue();
    assertThat(reader.flag("absent")).isFalse();
    assertThat(reader.positiveInt("n")).contains(12);
    assertThat(reader.positiveInt("absent")).isEmpty();
    assertThatThrownBy(() -> reader.flag("bad"))
        .hasMessageContaining("parameter bad must be true or false, was 'yes'");
    assertThatThrownBy(() -> reader.positiveInt("zero"))
        .hasMessageContaining("parameter zero must be a positive integer, was '0'");
  }

  @Test
  void theSpecsHostWinsThenTheVariableThenTheDefault() {
    ModelSpecReader own = ModelSpecReader.of(spec("own.test", false, Map.of()), Set.of());
    assertThat(own.baseUrl(endpoint(false), env(Map.of("ACME_BASE_URL", "https://v.test/x"))))
        .hasToString("http://own.test/v1/");
    ModelSpecReader none = ModelSpecReader.of(spec(null, null, Map.of()), Set.of());
    assertThat(none.baseUrl(endpoint(false), env(Map.of("ACME_BASE_URL", "http://v.test:81/x"))))
        .hasToString("http://v.test:81/x/");
    assertThat(none.baseUrl(endpoint(true), env(Map.of("ACME_BASE_URL", "https://v.test/x/"))))
        .hasToString("https://v.test/x/v1/");
    assertThat(none.baseUrl(endpoint(false), env(Map.of())))
        .hasToString("https://api.acme.test/v1/");
  }

  @Test
  void aVariablesEncodedPathIsNotEncodedTwice() {
    ModelSpecReader none = ModelSpecReader.of(spec(null, null, Map.of()), Set.of());
    assertThat(
            none.baseUrl(
                endpoint(false), env(Map.of("ACME_BASE_URL", "https://v.test/team%20a/v1"))))
        .hasToString("https://v.test/team%20a/v1/");
    assertThat(
            none.baseUrl(endpoint(true), env(Map.of("ACME_BASE_URL", "https://v.test/team%20a/"))))
        .hasToString("https://v.test/team%20a/v1/");
  }

  @Test
  void aVariableWithUserInfoIsRejectedWithoutQuotingIt() {
    ModelSpecReader none = ModelSpecReader.of(spec(null, null, Map.of()), Set.of());
    assertThatThrownBy(
            () ->
                none.baseUrl(
                    endpoint(false), env(Map.of("ACME_BASE_URL", "https://u:Pw0rdX@v.test/"))))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("ACME_BASE_URL holds user info")
        .hasMessageContaining("in ACME_KEY or the DSN")
        .hasMessageNotContaining("Pw0rdX");
    assertThatThrownBy(
            () -> none.baseUrl(endpoint(false), env(Map.of("ACME_BASE_URL", "not a url"))))
        .hasMessageContaining("ACME_BASE_URL is not an http(s) URL");
  }

  @Test
  void aVariableWithAQueryOrFragmentIsRejectedWithoutQuotingIt() {
    // Dropped silently, ?api-key=… would leave the user with a bare 401 and no hint; the Ollama
    // variable is refused the same way.
    ModelSpecReader none = ModelSpecReader.of(spec(null, null, Map.of()), Set.of());
    for (String value :
        new String[] {"https://v.test/openai?api-key=Qk3yX9", "https://v.test/v1#Qk3yX9"}) {
      assertThatThrownBy(() -> none.baseUrl(endpoint(false), env(Map.of("ACME_BASE_URL", value))))
          .isInstanceOf(ProviderConfigException.class)
          .hasMessageContaining("ACME_BASE_URL holds a query or fragment")
          .hasMessageContaining("in ACME_KEY or the DSN")
          .hasMessageNotContaining("Qk3yX9");
    }
  }

  @Test
  void withoutAnyHostTheErrorSaysHowToNameOne() {
    ModelSpecReader.Endpoint noDefault =
        new ModelSpecReader.Endpoint(null, -1, -1, true, "/v1", null, null, false);
    assertThatThrownBy(
            () ->
                ModelSpecReader.of(spec(null, null, Map.of()), Set.of())
                    .baseUrl(noDefault, env(Map.of())))
        .hasMessageContaining("no host: define the model with a DSN such as LLM_<NAME>=acme://");
  }
}
