package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.llm.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicErrorsTest {

  @ParameterizedTest(name = "{0} {1} \"{2}\" -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "529, overloaded_error, Overloaded, TRANSIENT",
        "413, request_too_large, Request exceeds the maximum allowed number of bytes, PERMANENT",
        "413, null, null, PERMANENT",
        "429, rate_limit_error, Number of request tokens has exceeded your rate limit, TRANSIENT",
        "401, authentication_error, invalid x-api-key, AUTH",
        "403, permission_error, Your API key does not have permission, AUTH",
        "404, not_found_error, model: claude-nope, NOT_FOUND",
        "400, invalid_request_error, messages: field required, PERMANENT",
        "400, invalid_request_error, prompt is too long: 208310 tokens > 200000 maximum,"
            + " CONTEXT_LENGTH",
        "400, invalid_request_error, input length and `max_tokens` exceed context limit,"
            + " CONTEXT_LENGTH",
        "400, invalid_request_error, Your credit balance is too low to access the API, QUOTA",
        "402, billing_error, billing issue, QUOTA",
        "409, null, null, TRANSIENT",
        "408, null, null, TRANSIENT",
        "500, api_error, Internal server error, TRANSIENT",
        "502, null, null, TRANSIENT",
        "503, null, null, TRANSIENT",
        "504, timeout_error, timeout, TRANSIENT",
        "422, invalid_request_error, unprocessable, PERMANENT",
        "-1, overloaded_error, Overloaded, TRANSIENT",
        "-1, api_error, boom, TRANSIENT",
        "-1, rate_limit_error, slow down, TRANSIENT",
        "-1, authentication_error, bad key, AUTH",
        "-1, not_found_error, gone, NOT_FOUND",
      })
  void everyStatusAndTypeMapsToItsKind(int status, String type, String message, ErrorKind kind) {
    assertThat(AnthropicErrors.kind(status, new ProviderError(type, message))).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({
    "invalid_request_error, 400",
    "authentication_error, 401",
    "billing_error, 402",
    "permission_error, 403",
    "not_found_error, 404",
    "request_too_large, 413",
    "rate_limit_error, 429",
    "api_error, 500",
    "timeout_error, 504",
    "overloaded_error, 529",
    "something_new, -1"
  })
  void errorTypesHaveTheirDocumentedStatus(String type, int status) {
    assertThat(AnthropicErrors.statusOf(type)).isEqualTo(status);
  }
}
