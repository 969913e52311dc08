package dev.majordomo.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;
import java.util.Locale;

/**
 * Classifies Messages API errors, from an HTTP status and the body {@code {"type":"error","error":
 * {"type":…,"message":…}}}, or from an {@code error} event in the middle of a stream.
 */
final class AnthropicErrors {
  private AnthropicErrors() {}

  /**
   * The kind of an error.
   *
   * @param status the HTTP status, or -1 for an error event inside a 200 stream
   * @param type the body's {@code error.type}, or {@code null} when the body had none
   * @param message the body's {@code error.message}, or {@code null}
   */
  static ErrorKind kind(int status, String type, String message) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    // A 400 with one of these messages is about this model's context window or this account's
    // credit, not a malformed request: another target may well serve it.
    if (text.contains("prompt is too long")
        || text.contains("exceed context limit")
        || text.contains("context window")) {
      return ErrorKind.CONTEXT_LENGTH;
    }
    if (text.contains("credit balance is too low")) {
      return ErrorKind.QUOTA;
    }
    int effective = status >= 0 ? status : statusOf(type);
    if (effective == 413) {
      return ErrorKind.PERMANENT;
    }
    if (effective == 400) {
      return ErrorKind.PERMANENT;
    }
    return ErrorClassifier.forHttp(effective, type);
  }

  /** The status the API documents for an error type; -1 for a type it does not list. */
  static int statusOf(String type) {
    if (type == null) {
      return -1;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "api_error" -> 500;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> -1;
    };
  }

  /** Reads {@code {"type":"error","error":{"type":…,"message":…}}} (body or stream event). */
  static ProviderError parse(JsonNode body) {
    JsonNode error = body.path("error");
    if (!error.isObject()) {
      return ProviderError.NONE;
    }
    return new ProviderError(error.path("type").asText(null), error.path("message").asText(null));
  }

  /** {@link #kind(int, String, String)} as the shared transport calls it. */
  static ErrorKind kind(int status, ProviderError error) {
    return kind(status, error.code(), error.message());
  }
}
