package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A deployment's own scheme for an OpenAI-compatible server. */
class OpenAiCompatibleProviderTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aCustomSchemeWithoutTokenWithLegacyMaxTokensAndItsOwnCapabilities() throws Exception {
    OpenAiCompatibleProvider local =
        OpenAiCompatibleProvider.builder("vllm")
            .defaultHost(api.server.getHostName())
            .defaultPort(api.server.getPort())
            .defaultTls(false)
            .tokenRequired(false)
            .legacyMaxTokens(true)
            .capabilities(id -> Capabilities.unknown().with(Capability.IMAGES, false))
            .build();
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    Model model = local.open(ModelSpec.of("vllm", "qwen3"), TestContext.of(api.client, Map.of()));
    model.call(
        Request.of(Message.user("hi")).withOptions(GenerationOptions.DEFAULTS.withMaxTokens(32)));

    var recorded = api.take();
    assertThat(recorded.getHeaders().get("Authorization")).isNull();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    JsonNode body = MockOpenAi.json(recorded.getBody().utf8());
    assertThat(body.get("max_tokens").asInt()).isEqualTo(32);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(OpenApiSchemaValidator.instance().validate("CreateChatCompletionRequest", body))
        .isEmpty();
    assertThat(model.capabilities().supports(Capability.IMAGES)).isFalse();
    assertThat(local.scheme()).isEqualTo("vllm");
    assertThat(local.parameterKeys()).containsExactly("downscale_images");
  }

  @Test
  void anEmptyBasePathPostsAtTheRoot() throws Exception {
    OpenAiCompatibleProvider root =
        OpenAiCompatibleProvider.builder("rooted")
            .defaultBasePath("/")
            .tokenRequired(false)
            .build();
    api.enqueueJson(OpenAiChatTest.MINIMAL_REPLY);
    ModelSpec spec =
        new ModelSpec(
            "rooted",
            null,
            api.server.getHostName(),
            api.server.getPort(),
            "m",
            false,
            null,
            null,
            Map.of());
    root.open(spec, TestContext.of(api.client, Map.of())).call(Request.of(Message.user("x")));
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/chat/completions");
  }

  @Test
  void aSchemeMustBeWellFormed() {
    assertThatThrownBy(() -> OpenAiCompatibleProvider.builder("Bad Scheme"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'Bad Scheme'")
        .hasMessageContaining("a scheme holds letters, digits");
  }

  @Test
  void aSchemeIsCaseInsensitiveAndStoredLowerCaseAsInChains() {
    assertThat(OpenAiCompatibleProvider.builder("Acme").build().scheme()).isEqualTo("acme");
  }
}
