package dev.majordomo.provider.compatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.openai.CapturingInterceptor;
import dev.majordomo.provider.openai.ChatCompletionsRequestSchema;
import dev.majordomo.provider.openai.TestContext;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each OpenAI-compatible scheme: its default base URL and key variable, the DSN's host overriding
 * them, and the request-body differences it declares. Vendor pages cited in {@code
 * CompatibleSchemes}.
 */
class CompatibleSchemesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "key-0123456789abcdef";
  private static final String REPLY =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
          + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,"
          + "\"total_tokens\":4}}";
  private static final Request HELLO =
      Request.of(Message.user("hi"))
          .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(64).withSeed(7L));

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  static Provider provider(String scheme) {
    return ServiceLoader.load(Provider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.scheme().equals(scheme))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no provider for " + scheme));
  }

  private static ModelSpec spec(String scheme, Secret token, String host, int port, String model) {
    return new ModelSpec(
        scheme, token, host, port, model, host == null ? null : false, null, null, Map.of());
  }

  @ParameterizedTest
  @CsvSource({
    "gemini,     GEMINI_API_KEY,     https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
    "mistral,    MISTRAL_API_KEY,    https://api.mistral.ai/v1/chat/completions",
    "groq,       GROQ_API_KEY,       https://api.groq.com/openai/v1/chat/completions",
    "deepseek,   DEEPSEEK_API_KEY,   https://api.deepseek.com/v1/chat/completions",
    "openrouter, OPENROUTER_API_KEY, https://openrouter.ai/api/v1/chat/completions",
  })
  void aHostedSchemeCallsItsDefaultUrlWithTheKeyFromItsVariable(
      String scheme, String variable, String url) {
    CapturingInterceptor wire = new CapturingInterceptor(REPLY);
    Model model =
        provider(scheme)
            .open(
                spec(scheme, null, null, -1, "some-model"),
                TestContext.of(wire.client(), Map.of(variable, KEY)));

    assertThat(model.call(HELLO).text()).isEqualTo("hello");

    okhttp3.Request sent = wire.requests.get(0);
    assertThat(sent.url().toString()).isEqualTo(url);
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @ParameterizedTest
  @CsvSource({
    "gemini,     GEMINI_API_KEY",
    "mistral,    MISTRAL_API_KEY",
    "groq,       GROQ_API_KEY",
    "deepseek,   DEEPSEEK_API_KEY",
    "openrouter, OPENROUTER_API_KEY",
  })
  void aHostedSchemeWithoutKeyCannotServeAndNamesItsVariableBeforeAnyIo(
      String scheme, String variable) {
    CapturingInterceptor wire = new CapturingInterceptor(REPLY);
    Model model =
        provider(scheme)
            .open(
                spec(scheme, null, null, -1, "some-model"),
                TestContext.of(wire.client(), Map.of()));

    LlmException e = catchThrowableOfType(LlmException.class, () -> model.call(HELLO));

    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage()).contains(variable);
    assertThat(wire.requests).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "vllm,     http://localhost:8000/v1/chat/completions",
    "lmstudio, http://localhost:1234/v1/chat/completions",
    "llamacpp, http://localhost:8080/v1/chat/completions",
  })
  void aLocalServerNeedsNoKeyAndSendsNoAuthorization(String scheme, String url) {
    CapturingInterceptor wire = new CapturingInterceptor(REPLY);
    Model model =
        provider(scheme)
            .open(
                spec(scheme, null, null, -1, "local-model"),
                TestContext.of(wire.client(), Map.of()));

    assertThat(model.call(HELLO).text()).isEqualTo("hello");

    okhttp3.Request sent = wire.requests.get(0);
    assertThat(sent.url().toString()).isEqualTo(url);
    assertThat(sent.header("Authorization")).isNull();
  }

  @ParameterizedTest
  @CsvSource({"vllm, VLLM_API_KEY", "llamacpp, LLAMA_API_KEY"})
  void aLocalServerStartedWithAKeyGetsItFromItsVariable(String scheme, String variable) {
    CapturingInterceptor wire = new CapturingInterceptor(REPLY);
    provider(scheme)
        .open(
            spec(scheme, null, null, -1, "local-model"),
            TestContext.of(wire.client(), Map.of(variable, KEY)))
        .call(HELLO);

    assertThat(wire.requests.get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
  }

  /**
   * The DSN's host and port replace the default; the base path stays the vendor's. The body is
   * OpenAI's request shape with the scheme's own output-limit and seed fields.
   */
  @ParameterizedTest
  @CsvSource({
    "gemini,     /v1beta/openai/chat/completions, max_tokens,            seed",
    "mistral,    /v1/chat/completions,            max_tokens,            random_seed",
    "groq,       /openai/v1/chat/completions,     max_completion_tokens, seed",
    "deepseek,   /v1/chat/completions,            max_tokens,            ''",
    "openrouter, /api/v1/chat/completions,        max_tokens,            seed",
    "vllm,       /v1/chat/completions,            max_tokens,            seed",
    "lmstudio,   /v1/chat/completions,            max_tokens,            seed",
    "llamacpp,   /v1/chat/completions,            max_tokens,            seed",
  })
  void onTheWireThroughADsnHost(String scheme, String path, String limitField, String seedField)
      throws Exception {
    server.enqueue(json(200, REPLY));
    Model model =
        provider(scheme)
            .open(
                spec(scheme, Secret.of(KEY), server.getHostName(), server.getPort(), "m-1"),
                TestContext.of(client, Map.of()));

    assertThat(model.call(HELLO).text()).isEqualTo("hello");

    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getUrl().encodedPath()).isEqualTo(path);
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body.get("model").asText()).isEqualTo("m-1");
    assertThat(body.get(limitField).asInt()).isEqualTo(64);
    assertThat(body.has("max_tokens") && body.has("max_completion_tokens")).isFalse();
    List<String> seedFields = List.of("seed", "random_seed").stream().filter(body::has).toList();
    if (seedField.isEmpty()) {
      assertThat(seedFields).isEmpty();
    } else {
      assertThat(seedFields).containsExactly(seedField);
      assertThat(body.get(seedField).asLong()).isEqualTo(7L);
    }
    JsonNode openAiShape = body.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) openAiShape).remove("random_seed");
    assertThat(ChatCompletionsRequestSchema.violations(openAiShape)).isEmpty();
  }

  @Test
  void aLocalServerWithoutModelIdUsesTheOneItServes() throws Exception {
    server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b-instruct\"}]}"));
    server.enqueue(json(200, REPLY));
    Model model =
        provider("lmstudio")
            .open(
                spec("lmstudio", null, server.getHostName(), server.getPort(), null),
                TestContext.of(client, Map.of()));

    model.call(HELLO);

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/v1/models");
    RecordedRequest chat = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(JSON.readTree(chat.getBody().utf8()).get("model").asText())
        .isEqualTo("qwen2.5-7b-instruct");
  }

  @Test
  void openRouterSendsItsAttributionHeadersFromTheDsn() throws Exception {
    server.enqueue(json(200, REPLY));
    ModelSpec spec =
        new ModelSpec(
            "openrouter",
            Secret.of(KEY),
            server.getHostName(),
            server.getPort(),
            "anthropic/claude-sonnet-4",
            false,
            null,
            null,
            Map.of("referer", "https://app.example", "title", "Example App"));
    provider("openrouter").open(spec, TestContext.of(client, Map.of())).call(HELLO);

    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getHeaders().get("HTTP-Referer")).isEqualTo("https://app.example");
    assertThat(recorded.getHeaders().get("X-Title")).isEqualTo("Example App");
  }

  @Test
  void everySchemeIsRegistered() {
    List<String> schemes =
        ServiceLoader.load(Provider.class).stream().map(p -> p.get().scheme()).toList();
    assertThat(schemes)
        .contains(
            "gemini", "mistral", "groq", "deepseek", "openrouter", "vllm", "lmstudio", "llamacpp")
        .doesNotHaveDuplicates();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
