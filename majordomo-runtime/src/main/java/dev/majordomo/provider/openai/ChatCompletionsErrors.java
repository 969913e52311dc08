package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.CapabilityRefusal;
import dev.majordomo.internal.http.ErrorBodyParser;
import dev.majordomo.internal.http.ErrorMapper;
import dev.majordomo.internal.http.ProviderError;
import dev.majordomo.llm.ErrorKind;

/**
 * Reads {@code {"error":{"message","type","param","code"}}}
 * (https://platform.openai.com/docs/guides/error-codes). The code is {@code code} when present,
 * otherwise {@code type}: OpenAI sets both for {@code insufficient_quota}, and compatible servers
 * often set only {@code type}.
 */
final class ChatCompletionsErrors {
  private ChatCompletionsErrors() {}

  static final ErrorBodyParser PARSER =
      body -> {
        JsonNode error = body.get("error");
        if (error == null) {
          return ProviderError.NONE;
        }
        if (error.isTextual()) {
          // Some compatible servers answer {"error":"text"}.
          return new ProviderError(null, error.asText());
        }
        return read(error);
      };

  /**
   * The status and code decide ({@link ErrorMapper#DEFAULT}), except for a capability refusal of
   * Ollama's OpenAI-compatible {@code /v1} ("… does not support tools", a 400 with no code): a skip
   * of this target for this request, not a bad request that ends the chain (see {@link
   * CapabilityRefusal}).
   */
  static ErrorKind kind(int status, ProviderError error) {
    ErrorKind refusal = CapabilityRefusal.kind(status, error.message());
    return refusal != null ? refusal : ErrorMapper.DEFAULT.kind(status, error);
  }

  static ProviderError read(JsonNode error) {
    String code = ChatCompletionsCodec.text(error, "code");
    if (code == null || code.isEmpty()) {
      code = ChatCompletionsCodec.text(error, "type");
    }
    return new ProviderError(code, ChatCompletionsCodec.text(error, "message"));
  }
}
