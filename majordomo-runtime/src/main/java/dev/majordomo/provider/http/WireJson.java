package dev.majordomo.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;

/** JSON pieces that every provider's wire mapping needs. Internal to the providers. */
public final class WireJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WireJson() {}

  /**
   * The arguments of a tool call as a JSON object. A call recorded from another provider may carry
   * arguments that are not a JSON object; they are kept, as a string, so that the model still sees
   * what it sent rather than the request failing.
   */
  public static JsonNode argumentsObject(String argumentsJson) {
    try {
      JsonNode node = JSON.readTree(argumentsJson);
      if (node != null && node.isObject()) {
        return node;
      }
    } catch (JsonProcessingException e) {
      // fall through: not JSON
    }
    return JsonNodeFactory.instance.objectNode().put("invalid_arguments", argumentsJson);
  }

  /**
   * A JSON schema as an object node.
   *
   * @param where what the schema belongs to, for the message ("tool 'weather'")
   * @param scheme the provider's scheme, which starts the message
   * @throws LlmException a {@link ErrorKind#PERMANENT} error when it is not a JSON object
   */
  public static JsonNode schemaObject(String schema, String where, String scheme) {
    try {
      JsonNode node = JSON.readTree(schema);
      if (node == null || !node.isObject()) {
        throw invalid(scheme, where + ": the JSON schema must be an object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw invalid(
          scheme, where + ": the JSON schema is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** What a part is, for messages: "text part", "image", "tool call", "tool result". */
  public static String partKind(Part part) {
    if (part instanceof Part.Text) {
      return "text part";
    } else if (part instanceof Part.ImagePart) {
      return "image";
    } else if (part instanceof Part.ToolCall) {
      return "tool call";
    }
    return "tool result";
  }

  private static LlmException invalid(String scheme, String message) {
    return LlmException.builder(ErrorKind.PERMANENT, scheme + ": " + message).build();
  }
}
