package dev.majordomo.provider.openai;

import static dev.majordomo.provider.openai.OpenAiChatTest.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error status and code of OpenAI's error-codes guide mapped to its kind; I/O failures;
 * timeouts.
 */
class OpenAiErrorTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private static String error(String message, String type, String code) {
    return j(
        "{'error':{'message':'"
            + message
            + "','type':"
            + (type == null ? "null" : "'" + type + "'")
            + ",'param':null,'code':"
            + (code == null ? "null" : "'" + code + "'")
            + "}}");
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            400,
            error(
                "maximum context length is 128000 tokens",
                "invalid_request_error",
                "context_length_exceeded"),
            ErrorKind.CONTEXT_LENGTH,
            "context_length_exceeded"),
        Arguments.of(
            400,
            error(
                "Unsupported parameter: max_tokens",
                "invalid_request_error",
                "unsupported_parameter"),
            ErrorKind.PERMANENT,
            "unsupported_parameter"),
        Arguments.of(
            401,
            error(
                "Incorrect API key provided: sk-abc***xyz.",
                "invalid_request_error",
                "invalid_api_key"),
            ErrorKind.AUTH,
            "invalid_api_key"),
        Arguments.of(
            403,
            error(
                "Country, region, or territory not supported",
                "request_forbidden",
                "unsupported_country_region_territory"),
            ErrorKind.AUTH,
            "unsupported_country_region_territory"),
        Arguments.of(
            404,
            error(
                "The model `gpt-9` does not exist or you do not have access to it.",
                "invalid_request_error",
                "model_not_found"),
            ErrorKind.NOT_FOUND,
            "model_not_found"),
        Arguments.of(408, error("Request timed out", null, null), ErrorKind.TRANSIENT, null),
        Arguments.of(409, error("Conflict", null, null), ErrorKind.TRANSIENT, null),
        Arguments.of(
            422,
            error("Unprocessable", "invalid_request_error", null),
            ErrorKind.PERMANENT,
            "invalid_request_error"),
        Arguments.of(
            429,
            error(
                "Rate limit reached for gpt-4o on tokens per min (TPM)",
                "tokens",
                "rate_limit_exceeded"),
            ErrorKind.TRANSIENT,
            "rate_limit_exceeded"),
        Arguments.of(
            429,
            error(
                "You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota",
                "insufficient_quota"),
            ErrorKind.QUOTA,
            "insufficient_quota"),
        Arguments.of(
            500,
            error("The server had an error while processing your request.", "server_error", null),
            ErrorKind.TRANSIENT,
            "server_error"),
        Arguments.of(502, "<html><body>502 Bad Gateway</body></html>", ErrorKind.TRANSIENT, null),
        Arguments.of(
            503,
            error(
                "The engine is currently overloaded, please try again later", "server_error", null),
            ErrorKind.TRANSIENT,
            "server_error"),
        Arguments.of(504, "", ErrorKind.TRANSIENT, null),
        // Ollama's /v1 (an openai-compatible scheme): a capability the model refuses is a skip of
        // this target for this request, not the end of the chain.
        Arguments.of(
            400,
            error(
                "registry.ollama.ai/library/gemma:2b does not support tools",
                "invalid_request_error",
                null),
            ErrorKind.CANNOT_SERVE,
            "invalid_request_error"),
        Arguments.of(
            400,
            error(
                "registry.ollama.ai/library/nomic-embed-text:latest does not support chat",
                "invalid_request_error",
                null),
            ErrorKind.NOT_FOUND,
            "invalid_request_error"));
  }

  /** OkHttp itself retries a 408 once, so the server answers it twice. */
  private void enqueue(int status, String body) {
    api.enqueueError(status, body);
    if (status == 408) {
      api.enqueueError(status, body);
    }
  }

  @ParameterizedTest(name = "{0} {3} -> {2}")
  @MethodSource("errors")
  void statusAndCodeMapToTheirKind(int status, String body, ErrorKind kind, String code) {
    enqueue(status, body);
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.providerCode()).isEqualTo(java.util.Optional.ofNullable(code));
    assertThat(e.target()).isPresent();
    assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain(MockOpenAi.KEY);
  }

  @ParameterizedTest(name = "stream {0} {3} -> {2}")
  @MethodSource("errors")
  void streamsMapErrorsTheSameWay(int status, String body, ErrorKind kind, String code) {
    enqueue(status, body);
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").stream(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
  }

  @Test
  void aNonJsonBodyIsNamedInTheMessage() {
    api.server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body("<html>Bad gateway</html>")
            .build());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.getMessage()).contains("body is not JSON (text/html");
    assertThat(e.bodyExcerpt()).contains("<html>Bad gateway</html>");
  }

  @Test
  void theKeyIsRedactedFromMessagesAndExcerpts() {
    api.enqueueError(
        401,
        error(
            "Incorrect API key provided: " + MockOpenAi.KEY,
            "invalid_request_error",
            "invalid_api_key"));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.getMessage())
        .doesNotContain(MockOpenAi.KEY)
        .contains("Incorrect API key provided: ***");
    assertThat(e.bodyExcerpt().orElseThrow()).doesNotContain(MockOpenAi.KEY);
    assertThat(e.toString()).doesNotContain(MockOpenAi.KEY);
  }

  @Test
  void retryAfterSecondsAndDates() {
    api.server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("retry-after", "20")
            .body(error("Rate limit reached", "requests", "rate_limit_exceeded"))
            .build());
    api.server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "Wed, 01 Jan 2025 00:00:45 GMT")
            .build());
    Model model = api.openai("gpt-4o");
    assertThat(
            catchThrowableOfType(
                    LlmException.class, () -> model.call(Request.of(Message.user("x"))))
                .retryAfter())
        .contains(Duration.ofSeconds(20));
    // The date is measured on the registry's (fake) clock, which reads 2025-01-01T00:00:00Z.
    assertThat(
            catchThrowableOfType(
                    LlmException.class, () -> model.call(Request.of(Message.user("x"))))
                .retryAfter())
        .contains(Duration.ofSeconds(45));
  }

  @Test
  void retryAfterMillisecondsWin() {
    api.server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("retry-after", "2")
            .addHeader("retry-after-ms", "1500")
            .body(error("Rate limit reached", "requests", "rate_limit_exceeded"))
            .build());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(e.getMessage()).contains("retry after 1500 ms");
  }

  @Test
  void aDisconnectWhileReadingTheReplyIsTransient() {
    api.server.enqueue(
        new MockResponse.Builder()
            .body("{\"choices\":[" + " ".repeat(200_000) + "]}")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void connectionRefusedIsTransient() throws IOException {
    MockWebServer gone = new MockWebServer();
    gone.start();
    int port = gone.getPort();
    gone.close();
    ModelSpec spec =
        new ModelSpec(
            "openai",
            dev.majordomo.llm.Secret.of(MockOpenAi.KEY),
            "127.0.0.1",
            port,
            "gpt-4o",
            false,
            null,
            null,
            Map.of());
    Model model = new OpenAiProvider().open(spec, TestContext.of(api.client, Map.of()));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("cannot connect");
  }

  @Test
  void anUnknownHostIsTransient() {
    OkHttpClient noDns =
        api.client
            .newBuilder()
            .dns(
                host -> {
                  throw new UnknownHostException("no such host: " + host);
                })
            .build();
    Model model =
        new OpenAiProvider()
            .open(
                dev.majordomo.llm.ModelSpec.of("openai", "gpt-4o"),
                TestContext.of(noDns, Map.of("OPENAI_API_KEY", MockOpenAi.KEY)));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("unknown host", "api.openai.com");
  }

  @Test
  void aSlowReplyTimesOutPerCall() {
    api.server.enqueue(
        new MockResponse.Builder().body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    Request request =
        Request.of(Message.user("x"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> api.openai("gpt-4o").call(request));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test
  void aSlowReplyTimesOutPerModelFromTheDsn() {
    api.server.enqueue(
        new MockResponse.Builder().body("{}").bodyDelay(3, TimeUnit.SECONDS).build());
    ModelSpec base = api.spec("openai", "gpt-4o", Map.of());
    ModelSpec spec =
        new ModelSpec(
            base.scheme(),
            base.token(),
            base.host(),
            base.port(),
            base.modelId(),
            false,
            Duration.ofMillis(200),
            null,
            Map.of());
    Model model = new OpenAiProvider().open(spec, TestContext.of(api.client, Map.of()));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test
  void aStreamThatStallsTimesOut() {
    api.server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n")
            .bodyDelay(3, TimeUnit.SECONDS)
            .build());
    Request request =
        Request.of(Message.user("x"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.openai("gpt-4o").stream(request).collect());
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test
  void anInterruptedCallerIsCancelled() {
    api.server.enqueue(
        new MockResponse.Builder().body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    Thread.currentThread().interrupt();
    try {
      LlmException e =
          catchThrowableOfType(
              LlmException.class, () -> api.openai("gpt-4o").call(Request.of(Message.user("x"))));
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    } finally {
      Thread.interrupted();
    }
  }
}
