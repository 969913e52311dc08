package dev.majordomo.internal.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON pieces that every provider's wire mapping needs. Internal to the providers.
 *
 * <p>Trees are read and written with jackson-core's streaming parser and generator, not an {@link
 * ObjectMapper}: building the first mapper and its tree (de)serialisers loads and initialises
 * hundreds of databind classes, the largest single cost of a cold start (B2 in
 * docs/performance.md), for no gain on plain trees. The result is the tree, and the bytes, that
 * {@code new ObjectMapper()} gives: same node types, same number types, fields in order, nulls and
 * empty arrays written.
 */
public final class WireJson {
  /** Node building only: the factory's nodes need no mapper. */
  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final JsonFactory FACTORY = new JsonFactory();

  private WireJson() {}

  /**
   * Parses {@code text} as {@code new ObjectMapper().readTree(text)} does: a {@link MissingNode}
   * for empty input, tokens after the first value ignored.
   *
   * @throws JsonProcessingException when {@code text} is not JSON
   */
  public static JsonNode readTree(String text) throws JsonProcessingException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      return first == null ? MissingNode.getInstance() : read(parser, first);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      // a String source does no I/O
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses UTF-8 {@code bytes} as {@code new ObjectMapper().readTree(bytes)} does: a {@link
   * MissingNode} for empty input, tokens after the first value ignored, bytes that are not UTF-8
   * refused.
   *
   * @throws IOException when {@code bytes} are not JSON (a {@link JsonProcessingException}) or not
   *     in an encoding JSON allows
   */
  public static JsonNode readTree(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      return first == null ? MissingNode.getInstance() : read(parser, first);
    }
  }

  /** A parser over {@code text}, for readers that stream through a document. */
  public static JsonParser createParser(String text) throws IOException {
    return FACTORY.createParser(text);
  }

  /** A parser over {@code bytes}, for readers that stream through a document. */
  public static JsonParser createParser(byte[] bytes) throws IOException {
    return FACTORY.createParser(bytes);
  }

  /** A parser over {@code input}, for readers that stream through several documents. */
  public static JsonParser createParser(java.io.InputStream input) throws IOException {
    return FACTORY.createParser(input);
  }

  /**
   * Reads the value {@code parser} stands on (its current token, or the next one if it has none
   * yet) as a tree, as {@code parser.readValueAsTree()} with an {@code ObjectMapper} does; {@code
   * null} at the end of input.
   */
  public static JsonNode readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      token = parser.nextToken();
      if (token == null) {
        return null;
      }
    }
    return read(parser, token);
  }

  /**
   * {@code node} as UTF-8 JSON, as {@code new ObjectMapper().writeValueAsBytes(node)} writes it.
   */
  public static byte[] writeBytes(JsonNode node) {
    try (ByteArrayBuilder out = new ByteArrayBuilder()) {
      try (JsonGenerator generator = FACTORY.createGenerator(out)) {
        write(generator, node);
      }
      return out.toByteArray();
    } catch (IOException e) {
      // an in-memory target does no I/O
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(JsonParser p, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(p, "unexpected end of input");
    }
    switch (token) {
      case START_OBJECT:
        {
          ObjectNode object = NODES.objectNode();
          for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            object.set(name, read(p, p.nextToken()));
          }
          return object;
        }
      case START_ARRAY:
        {
          ArrayNode array = NODES.arrayNode();
          for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            array.add(read(p, t));
          }
          return array;
        }
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        // END_OBJECT/END_ARRAY where a value belongs cannot reach here: the parser rejects them
        throw new JsonParseException(p, "unexpected token " + token);
    }
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          g.writeFieldName(field.getKey());
          write(g, field.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode element : node) {
          write(g, element);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> writeNumber(g, node);
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      default -> Mapper.INSTANCE.writeTree(g, node); // binary, POJO, missing: not on any wire path
    }
  }

  private static void writeNumber(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.numberType()) {
      case INT -> g.writeNumber(node.intValue());
      case LONG -> g.writeNumber(node.longValue());
      case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
      case FLOAT -> g.writeNumber(node.floatValue());
      case DOUBLE -> g.writeNumber(node.doubleValue());
      default -> g.writeNumber(node.decimalValue());
    }
  }

  /** A mapper for the node kinds no wire mapping builds; created only if one ever does. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  /**
   * The arguments of a tool call as a JSON object. A call recorded from another provider may carry
   * arguments that are not a JSON object; they are kept, as a string, so that the model still sees
   * what it sent rather than the request failing.
   */
  public static JsonNode argumentsObject(String argumentsJson) {
    try {
      JsonNode node = readTree(argumentsJson);
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
      JsonNode node = readTree(schema);
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
    } else if (part instanceof Part.Reasoning) {
      return "reasoning part";
    }
    return "tool result";
  }

  private static LlmException invalid(String scheme, String message) {
    return LlmException.builder(ErrorKind.PERMANENT, scheme + ": " + message).build();
  }
}
