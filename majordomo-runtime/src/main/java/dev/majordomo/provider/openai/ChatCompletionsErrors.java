package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.CapabilityRefusal;
import dev.majordomo.internal.http.ErrorBodyParser;
import dev.majordomo.internal.http.ErrorMapper;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.llm.ErrorKind;

/**
 * Reads {@code {"error":{"message","type","param","code"}}}
 * (https://platform.openai.com/docs/guides/error-codes). The code is {@code code} when it is text,
 * otherwise {@code status} or {@code type}: OpenAI sets both for {@code insufficient_quota}, and
 * compatible servers often set only {@code type}. The compatible servers' own shapes are read too:
 *
 * <ul>
 *   <li>{@code {"error":"text"}} (some gateways);
 *   <li>Google Gemini's OpenAI endpoint wraps Google's error in an array, {@code
 *       [{"error":{"code":429,"message",...,"status":"RESOURCE_EXHAUSTED"}}]}
 *       (https://ai.google.dev/gemini-api/docs/troubleshooting);
 *   <li>Mistral and vLLM put the fields at the top level, {@code
 *       {"object":"error","message","type","param","code"}}
 *       (https://docs.mistral.ai/resources/error-glossary), and Mistral's validation errors (422)
 *       carry an object as the message;
 *   <li>OpenRouter gives a numeric {@code code} (the HTTP status) and {@code metadata}
 *       (https://openrouter.ai/docs/api/reference/errors-and-debugging).
 * </ul>
 *
 * The status decides the kind in all of them ({@link ErrorMapper#DEFAULT}); the message is kept.
 */
final class ChatCompletionsErrors {
  private ChatCompletionsErrors() {}

  /** A message longer than this (a validation error's whole detail) is cut in what is kept. */
  private static final int MAX_MESSAGE_CHARS = 500;

  static final ErrorBodyParser PARSER =
      body -> {
        JsonNode root = body.isArray() && body.size() > 0 ? body.get(0) : body;
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
          return read(error);
        }
        if (error != null && error.isTextual()) {
          // Some compatible servers answer {"error":"text"}.
          return new ProviderError(null, error.asText());
        }
        if (root.has("message") || "error".equals(ChatCompletionsCodec.text(root, "object"))) {
          return read(root);
        }
        return ProviderError.NONE;
      };

  /**
   * The status and code decide ({@link ErrorMapper#DEFAULT}), except for a capability refusal of
   * Ollama's OpenAI-compatible {@code /v1} ("… does not support tools", a 400 with no code): a skip
   * of this target for this request, not a bad request that ends the chain (see {@link
   * CapabilityRefusal}); and for two shapes of compatible servers: Gemini's rejected key is a 400
   * whose reason is {@code API_KEY_INVALID}, and an error inside a 200 body or stream (status
   * {@code -1}) that carries an HTTP status as its numeric code (OpenRouter's "provider returned
   * error", 502) counts as that status.
   */
  static ErrorKind kind(int status, ProviderError error) {
    ErrorKind refusal = CapabilityRefusal.kind(status, error.message());
    if (refusal != null) {
      return refusal;
    }
    if ("API_KEY_INVALID".equals(error.code())) {
      return ErrorKind.AUTH;
    }
    if (status == -1 && error.code() != null && error.code().matches("[1-5][0-9][0-9]")) {
      return ErrorMapper.DEFAULT.kind(Integer.parseInt(error.code()), error);
    }
    return ErrorMapper.DEFAULT.kind(status, error);
  }

  static ProviderError read(JsonNode error) {
    String code = ChatCompletionsCodec.text(error, "code");
    if (code == null || code.isEmpty()) {
      code = reason(error.get("details"));
    }
    if (code == null || code.isEmpty()) {
      code = ChatCompletionsCodec.text(error, "status");
    }
    if (code == null || code.isEmpty()) {
      code = ChatCompletionsCodec.text(error, "type");
    }
    if ((code == null || code.isEmpty()) && error.path("code").isIntegralNumber()) {
      // OpenRouter and llama.cpp: the HTTP status as a number, the only code there is.
      code = error.get("code").asText();
    }
    return new ProviderError(code, message(error.get("message")));
  }

  /** Google's {@code details: [{"@type": "...ErrorInfo", "reason": "API_KEY_INVALID"}]}. */
  private static String reason(JsonNode details) {
    if (details != null && details.isArray()) {
      for (JsonNode detail : details) {
        String reason = ChatCompletionsCodec.text(detail, "reason");
        if (reason != null) {
          return reason;
        }
      }
    }
    return null;
  }

  private static String message(JsonNode message) {
    if (message == null || message.isNull()) {
      return null;
    }
    String text = message.isTextual() ? message.asText() : message.toString();
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
