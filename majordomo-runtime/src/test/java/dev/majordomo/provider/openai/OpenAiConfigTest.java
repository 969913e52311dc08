package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Secret;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DSN fields, conventional variables, parameters and capabilities of the openai scheme. */
class OpenAiConfigTest {
  private final OpenAiProvider provider = new OpenAiProvider();
  private final CapturingInterceptor wire = new CapturingInterceptor(OpenAiChatTest.MINIMAL_REPLY);

  private Model open(ModelSpec spec, Map<String, String> env) {
    return provider.open(spec, TestContext.of(wire.client(), env));
  }

  /** {@code openai://<token>@(default host)/gpt-4o} with {@code parameters}. */
  private static ModelSpec gpt4o(String token, Map<String, String> parameters) {
    return new ModelSpec(
        "openai", Secret.of(token), null, -1, "gpt-4o", null, null, null, parameters);
  }

  private okhttp3.Request callOnce(Model model) {
    model.call(Request.of(Message.user("hi")));
    return wire.requests.get(wire.requests.size() - 1);
  }

  @Test
  void schemeAndParameterKeys() {
    assertThat(provider.scheme()).isEqualTo("openai");
    assertThat(provider.parameterKeys())
        .isEqualTo(Set.of("organization", "project", "downscale_images", "api"));
  }

  @Test
  void aModelRefUsesTheDefaultHostOverTlsAndTheKeyVariable() {
    Model model =
        open(ModelSpec.of("openai", "gpt-4o-mini"), Map.of("OPENAI_API_KEY", "sk-env-0123456789"));
    okhttp3.Request sent = callOnce(model);
    assertThat(sent.url().toString()).isEqualTo("https://api.openai.com/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-env-0123456789");
  }

  @Test
  void theBaseUrlVariableMovesTheEndpoint() {
    Model model =
        open(
            ModelSpec.of("openai", "gpt-4o-mini"),
            Map.of(
                "OPENAI_API_KEY", "k", "OPENAI_BASE_URL", "http://proxy.internal:8080/openai/v1/"));
    assertThat(callOnce(model).url().toString())
        .isEqualTo("http://proxy.internal:8080/openai/v1/chat/completions");
  }

  @Test
  void aDsnWinsOverTheVariablesAndBasePathIsHonoured() {
    ModelSpec spec =
        new ModelSpec(
            "openai",
            Secret.of("dsn-token"),
            "llm.example",
            8443,
            "gpt-4o",
            null,
            null,
            "/api/v2",
            Map.of());
    Model model =
        open(spec, Map.of("OPENAI_API_KEY", "env-key", "OPENAI_BASE_URL", "http://elsewhere/v1"));
    okhttp3.Request sent = callOnce(model);
    assertThat(sent.url().toString()).isEqualTo("https://llm.example:8443/api/v2/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer dsn-token");
  }

  @Test
  void organizationAndProjectBecomeHeaders() {
    ModelSpec spec = gpt4o("k", Map.of("organization", "org_123", "project", "proj_456"));
    okhttp3.Request sent = callOnce(open(spec, Map.of()));
    assertThat(sent.header("OpenAI-Organization")).isEqualTo("org_123");
    assertThat(sent.header("OpenAI-Project")).isEqualTo("proj_456");
  }

  @Test
  void aMissingKeyOpensAModelThatRefusesEveryCallNamingTheVariable() {
    Model model = open(ModelSpec.of("openai", "gpt-4o"), Map.of());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage())
        .contains("no credentials: set OPENAI_API_KEY or put a token in the DSN");
    assertThat(
            catchThrowableOfType(
                    LlmException.class, () -> model.stream(Request.of(Message.user("x"))))
                .kind())
        .isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(model.capabilities().known(Capability.IMAGES)).contains(true);
    assertThat(wire.requests).isEmpty();
  }

  @Test
  void aBlankKeyVariableCountsAsMissing() {
    Model model = open(ModelSpec.of("openai", "gpt-4o"), Map.of("OPENAI_API_KEY", "  "));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage()).contains("set OPENAI_API_KEY");
    assertThat(wire.requests).isEmpty();
  }

  @Test
  void configurationErrorsAreClearAndNeverShowTheToken() {
    ModelSpec unknown = gpt4o("sk-secret-999999", Map.of("colour", "blue"));
    assertThatThrownBy(() -> open(unknown, Map.of()))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("unknown parameter 'colour'")
        .hasMessageContaining("openai://***@")
        .hasMessageNotContaining("sk-secret-999999");
    ModelSpec badFlag = gpt4o("k", Map.of("downscale_images", "yes"));
    assertThatThrownBy(() -> open(badFlag, Map.of()))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("downscale_images must be true or false, was 'yes'");
    assertThatThrownBy(() -> open(ModelSpec.of("openai", null), Map.of("OPENAI_API_KEY", "k")))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("no model id");
    assertThatThrownBy(
            () ->
                open(
                    ModelSpec.of("openai", "gpt-4o"),
                    Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", "not a url")))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("OPENAI_BASE_URL is not an http(s) URL");
  }

  @Test
  void aKeyOrHeaderThatCannotBeSentIsRefusedWhenTheModelIsOpenedNotAtItsFirstCall() {
    assertThatThrownBy(
            () ->
                open(
                    ModelSpec.of("openai", "gpt-4o"),
                    Map.of("OPENAI_API_KEY", "sk-line-one\nsk-line-two")))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("a header cannot be sent")
        .hasMessageContaining("Authorization")
        .hasMessageNotContaining("sk-line");
    ModelSpec project = gpt4o("k", Map.of("project", "proj\u00e9"));
    assertThatThrownBy(() -> open(project, Map.of()))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("OpenAI-Project");
    assertThat(wire.requests).isEmpty();
  }

  @Test
  void capabilitiesOfWellKnownFamilies() {
    Map<String, String> env = Map.of("OPENAI_API_KEY", "k");
    Model mini = open(ModelSpec.of("openai", "gpt-4o-mini"), env);
    assertThat(mini.capabilities().known(Capability.IMAGES)).contains(true);
    assertThat(mini.capabilities().known(Capability.TOOLS)).contains(true);
    assertThat(mini.capabilities().known(Capability.STRUCTURED_OUTPUT)).contains(true);
    Model o1mini = open(ModelSpec.of("openai", "o1-mini"), env);
    assertThat(o1mini.capabilities().supports(Capability.IMAGES)).isFalse();
    assertThat(o1mini.capabilities().supports(Capability.TOOLS)).isFalse();
    Model fineTune = open(ModelSpec.of("openai", "ft:gpt-4o-mini-2024-07-18:acme::abc123"), env);
    assertThat(fineTune.capabilities().known(Capability.STRUCTURED_OUTPUT)).contains(true);
    Model unknown = open(ModelSpec.of("openai", "some-future-model"), env);
    assertThat(unknown.capabilities().known(Capability.IMAGES)).isEmpty();
  }
}
