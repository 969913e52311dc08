package dev.majordomo.provider.compatible;

import static dev.majordomo.provider.compatible.CompatibleSchemesTest.json;
import static dev.majordomo.provider.compatible.CompatibleSchemesTest.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Secret;
import dev.majordomo.provider.openai.TestContext;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatible vendors' own error bodies, as their documentation shows them, mapped to the
 * canonical kinds with their message kept.
 */
class CompatibleErrorsTest {
  private static final String KEY = "key-0123456789abcdef";

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

  private Model open(String scheme) {
    return provider(scheme)
        .open(
            new ModelSpec(
                scheme,
                Secret.of(KEY),
                server.getHostName(),
                server.getPort(),
                "m-1",
                false,
                null,
                null,
                Map.of()),
            TestContext.of(client, Map.of()));
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        // https://ai.google.dev/gemini-api/docs/troubleshooting: Google's error, in an array.
        Arguments.of(
            "gemini",
            429,
            "[{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check"
                + " quota).\",\"status\":\"RESOURCE_EXHAUSTED\"}}]",
            ErrorKind.TRANSIENT,
            "RESOURCE_EXHAUSTED",
            "Resource has been exhausted"),
        Arguments.of(
            "gemini",
            400,
            "[{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API"
                + " key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
                + "\"domain\":\"googleapis.com\"}]}}]",
            ErrorKind.AUTH,
            "API_KEY_INVALID",
            "API key not valid"),
        // https://docs.mistral.ai/resources/error-glossary: flat, and a validation detail object.
        Arguments.of(
            "mistral",
            422,
            "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"extra_forbidden\","
                + "\"loc\":[\"body\",\"seed\"],\"msg\":\"Extra inputs are not permitted\","
                + "\"input\":7}]},\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}",
            ErrorKind.PERMANENT,
            "invalid_request_error",
            "Extra inputs are not permitted"),
        Arguments.of(
            "mistral",
            429,
            "{\"object\":\"error\",\"message\":\"Requests rate limit exceeded\","
                + "\"type\":\"rate_limit_error\",\"param\":null,\"code\":\"1300\"}",
            ErrorKind.TRANSIENT,
            "1300",
            "Requests rate limit exceeded"),
        // https://console.groq.com/docs/errors
        Arguments.of(
            "groq",
            429,
            "{\"error\":{\"message\":\"Rate limit reached for model `llama-3.3-70b-versatile`\","
                + "\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}",
            ErrorKind.TRANSIENT,
            "rate_limit_exceeded",
            "Rate limit reached"),
        // https://api-docs.deepseek.com/quick_start/error_codes: 402 empty balance, 422 parameters.
        Arguments.of(
            "deepseek",
            402,
            "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\","
                + "\"param\":null,\"code\":\"invalid_request_error\"}}",
            ErrorKind.QUOTA,
            "invalid_request_error",
            "Insufficient Balance"),
        Arguments.of(
            "deepseek",
            422,
            "{\"error\":{\"message\":\"Invalid max_tokens value, the valid range of max_tokens is"
                + " [1, 8192]\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_request_error\"}}",
            ErrorKind.PERMANENT,
            "invalid_request_error",
            "Invalid max_tokens value"),
        // https://openrouter.ai/docs/api/reference/errors-and-debugging: a numeric code.
        Arguments.of(
            "openrouter",
            402,
            "{\"error\":{\"code\":402,\"message\":\"Insufficient credits. Add more using"
                + " https://openrouter.ai/credits\",\"metadata\":{}}}",
            ErrorKind.QUOTA,
            "402",
            "Insufficient credits"),
        // vLLM's OpenAI server: flat, with the status as code.
        Arguments.of(
            "vllm",
            404,
            "{\"object\":\"error\",\"message\":\"The model `m-1` does not exist.\","
                + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}",
            ErrorKind.NOT_FOUND,
            "NotFoundError",
            "does not exist"),
        // llama.cpp's server while it loads its model.
        Arguments.of(
            "llamacpp",
            503,
            "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}",
            ErrorKind.TRANSIENT,
            "unavailable_error",
            "Loading model"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("bodies")
  void aVendorErrorBodyMapsToItsKind(
      String scheme, int status, String body, ErrorKind kind, String code, String message) {
    server.enqueue(json(status, body));

    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> open(scheme).call(Request.of(Message.user("hi"))));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.providerCode()).hasValue(code);
    assertThat(e.getMessage()).contains(message).doesNotContain(KEY);
  }

  /**
   * OpenRouter: "any error occurred while the LLM is producing the output will be emitted in the
   * response body" with status 200; its numeric code is the status it stands for.
   */
  @Test
  void openRouterErrorInsideA200BodyCountsAsItsCode() {
    server.enqueue(
        json(
            200,
            "{\"error\":{\"code\":502,\"message\":\"Provider returned error\","
                + "\"metadata\":{\"provider_name\":\"Example\"}}}"));

    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> open("openrouter").call(Request.of(Message.user("hi"))));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("Provider returned error");
  }
}
