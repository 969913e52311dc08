package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@link OpenApiSchemaValidator} for the tests of other packages: OpenAI's request schema. */
public final class ChatCompletionsRequestSchema {
  private ChatCompletionsRequestSchema() {}

  /** {@return where {@code body} breaks {@code CreateChatCompletionRequest}; empty when valid} */
  public static List<String> violations(JsonNode body) {
    return OpenApiSchemaValidator.instance().validate("CreateChatCompletionRequest", body);
  }
}
