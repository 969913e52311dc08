package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Responses API answers errors with the body Chat Completions uses ({@code
 * {"error":{"message","type","param","code"}}},
 * https://platform.openai.com/docs/guides/error-codes), so every status and code of {@link
 * OpenAiErrorTest} maps to the same kind on {@code /v1/responses}, in calls and streams alike.
 */
class OpenAiResponsesErrorTest {
  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static Stream<Arguments> errors() {
    return OpenAiErrorTest.errors();
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
  void statusAndCodeMapToTheirKind(int status, String body, ErrorKind kind, String code)
      throws Exception {
    enqueue(status, body);
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> api.responses("gpt-4.1").call(Request.of(Message.user("x"))));
    assertThat(api.take().getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.providerCode()).isEqualTo(java.util.Optional.ofNullable(code));
    assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain(MockOpenAi.KEY);
  }

  @ParameterizedTest(name = "stream {0} {3} -> {2}")
  @MethodSource("errors")
  void streamsMapErrorsTheSameWay(int status, String body, ErrorKind kind, String code) {
    enqueue(status, body);
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () -> api.responses("gpt-4.1").stream(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
  }
}
