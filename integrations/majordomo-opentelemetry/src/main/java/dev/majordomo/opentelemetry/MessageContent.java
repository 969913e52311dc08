package dev.majordomo.opentelemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Response;
import dev.majordomo.media.Image;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Messages as the conventions' JSON ({@code gen-ai-input-messages.json} and {@code
 * gen-ai-output-messages.json}), recorded only when content capture is on. Spans take no structured
 * values yet, so the conventions ask for a JSON string.
 *
 * <p>Images are not copied into telemetry: one given by URL is a {@code uri} part without the URL's
 * query, fragment or user information (a signed URL carries a credential there), and one given by
 * its bytes an {@code image} part with its media type and size.
 */
final class MessageContent {
  private MessageContent() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code gen_ai.input.messages}: every message sent, in order. */
  static String inputMessages(List<Message> messages) {
    ArrayNode array = JSON.createArrayNode();
    for (Message message : messages) {
      ObjectNode node = array.addObject();
      node.put("role", message.role().name().toLowerCase(Locale.ROOT));
      addParts(node.putArray("parts"), message.parts());
    }
    return write(array);
  }

  /** {@code gen_ai.output.messages}: the reply, Majordomo's one choice. */
  static String outputMessages(Response response) {
    ArrayNode array = JSON.createArrayNode();
    ObjectNode node = array.addObject();
    node.put("role", "assistant");
    addParts(node.putArray("parts"), response.message().parts());
    node.put("finish_reason", finishReason(response.finishReason()));
    return write(array);
  }

  /**
   * Tool arguments as the model sent them: the conventions want an object, so JSON that parses is
   * kept as it is (normalised), and anything else is recorded as a JSON string.
   */
  static String toolArguments(String arguments) {
    return write(parsedOrText(arguments));
  }

  /** A tool's result, which the conventions also want as an object when it is one. */
  static String toolResult(String content) {
    return write(parsedOrText(content));
  }

  /** The conventions' finish reason: the output schema's names. */
  static String finishReason(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case TOOL_CALLS -> "tool_call";
      case CONTENT_FILTER -> "content_filter";
      case OTHER -> "other";
    };
  }

  private static void addParts(ArrayNode parts, List<Part> content) {
    for (Part part : content) {
      ObjectNode node = parts.addObject();
      if (part instanceof Part.Text text) {
        node.put("type", "text");
        node.put("content", text.text());
      } else if (part instanceof Part.ToolCall call) {
        node.put("type", "tool_call");
        node.put("id", call.id());
        node.put("name", call.name());
        node.set("arguments", parsedOrText(call.argumentsJson()));
      } else if (part instanceof Part.ToolResult result) {
        node.put("type", "tool_call_response");
        node.put("id", result.callId());
        node.set("response", parsedOrText(result.modelText()));
      } else if (part instanceof Part.ImagePart image) {
        addImage(node, image.image());
      } else if (part instanceof Part.Reasoning reasoning) {
        // The conventions' ReasoningPart: the text only; a signature or redacted data is opaque.
        node.put("type", "reasoning");
        node.put("content", reasoning.text());
      }
    }
  }

  private static void addImage(ObjectNode node, Image image) {
    if (image.url().isPresent()) {
      node.put("type", "uri");
      node.put("modality", "image");
      image.mimeType().ifPresent(type -> node.put("mime_type", type));
      node.put("uri", withoutSecrets(image.url().get()));
    } else {
      node.put("type", "image");
      node.put("modality", "image");
      image.mimeType().ifPresent(type -> node.put("mime_type", type));
      node.put("size", image.byteCount());
    }
  }

  /** The URL without the parts that may carry a credential: user information, query, fragment. */
  static String withoutSecrets(URI url) {
    try {
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null)
          .toString();
    } catch (URISyntaxException e) {
      return url.getScheme() + ":";
    }
  }

  private static JsonNode parsedOrText(String text) {
    try {
      JsonNode parsed = JSON.readTree(text);
      if (parsed != null && parsed.isContainerNode()) {
        return parsed;
      }
    } catch (JsonProcessingException e) {
      // Not JSON: recorded as the text it is.
    }
    return JSON.getNodeFactory().textNode(text);
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written", e);
    }
  }
}
