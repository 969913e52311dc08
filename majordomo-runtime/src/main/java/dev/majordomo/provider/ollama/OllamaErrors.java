package dev.majordomo.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.CapabilityRefusal;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;

/**
 * Classifies Ollama errors. The body is {@code {"error":"<message>"}} with no code, so the status
 * decides, as the server's documentation advises (the 404 text differs by code path).
 */
final class OllamaErrors {
  private OllamaErrors() {}

  /** Reads {@code {"error": "…"}}; Ollama has no error codes. */
  static ProviderError parse(JsonNode body) {
    JsonNode error = body.path("error");
    if (error.isTextual()) {
      return new ProviderError(null, error.asText());
    }
    if (error.isObject()) {
      // The OpenAI-compatible shape, should a proxy in front of Ollama answer with it.
      return new ProviderError(error.path("type").asText(null), error.path("message").asText(null));
    }
    return ProviderError.NONE;
  }

  /**
   * The kind of an error.
   *
   * <p>A 400 saying the model "does not support" tools, images or thinking (or takes only one
   * image) is {@link ErrorKind#CANNOT_SERVE}: this target cannot serve this request but another
   * model may, so the chain skips it without retrying, and without counting it against the model's
   * health, which serves other requests fine (three tool requests must not bench a model that
   * answers plain text). The {@code /api/show} probe normally lets the chain skip such a model
   * beforehand; this covers servers too old to say, and a failed probe. A model that "does not
   * support chat" (or generate, completion) serves no request: {@link ErrorKind#NOT_FOUND}, counted
   * (see {@link CapabilityRefusal}).
   */
  static ErrorKind kind(int status, ProviderError error) {
    ErrorKind refusal = CapabilityRefusal.kind(status, error.message());
    return refusal != null ? refusal : ErrorClassifier.forHttp(status, error.code());
  }
}
