package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.provider.http.ErrorBodyParser;
import dev.majordomo.provider.http.ProviderError;

/**
 * Reads {@code {"error":{"message","type","param","code"}}}
 * (https://platform.openai.com/docs/guides/error-codes). The code is {@code code} when present,
 * otherwise {@code type}: OpenAI sets both for {@code insufficient_quota}, and compatible servers
 * often set only {@code type}.
 */
final class OpenAiErrors {
  private OpenAiErrors() {}

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

  static ProviderError read(JsonNode error) {
    String code = ChatCompletionsCodec.text(error, "code");
    if (code == null || code.isEmpty()) {
      code = ChatCompletionsCodec.text(error, "type");
    }
    return new ProviderError(code, ChatCompletionsCodec.text(error, "message"));
  }
}
