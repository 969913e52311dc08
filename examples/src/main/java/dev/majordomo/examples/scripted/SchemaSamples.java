package dev.majordomo.examples.scripted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes up a JSON value that fits a JSON Schema: what the scripted endpoint sends as tool-call
 * arguments and as structured output. A value comes from the schema's own hints first (an {@code
 * "e.g. Lisbon"} in the description, an {@code enum}, a {@code minimum}), so a well-described
 * schema gets plausible values; otherwise it is a placeholder that is plainly made up, such as
 * {@code "merchant (scripted)"}.
 */
final class SchemaSamples {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern EXAMPLE = Pattern.compile("(?i)\\be\\.g\\.,?\\s*([^,;()]+)");
  private static final int MAX_DEPTH = 6;

  private final JsonNode root;

  private SchemaSamples(JsonNode root) {
    this.root = root;
  }

  /** A value that fits {@code schema}; {@code $ref}s resolve against {@code schema} itself. */
  static JsonNode sample(JsonNode schema) {
    return new SchemaSamples(schema).value(schema, "value", 0);
  }

  private JsonNode value(JsonNode schema, String name, int depth) {
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual()) {
      return depth >= MAX_DEPTH ? NODES.nullNode() : value(resolve(ref.asText()), name, depth + 1);
    }
    JsonNode anyOf = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
    if (anyOf != null && anyOf.isArray()) {
      return value(firstNotNull(anyOf, depth), name, depth);
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
      String hint = example(schema);
      for (JsonNode v : enumValues) {
        if (v.asText().equalsIgnoreCase(hint)) {
          return v;
        }
      }
      return enumValues.get(0);
    }
    return switch (type(schema)) {
      case "object" -> object(schema, depth);
      case "array" -> array(schema, name, depth);
      case "integer" -> integer(schema);
      case "number" -> number(schema);
      case "boolean" -> NODES.booleanNode(true);
      case "null" -> NODES.nullNode();
      default -> string(schema, name);
    };
  }

  private JsonNode resolve(String ref) {
    if (ref.equals("#")) {
      return root;
    }
    if (ref.startsWith("#/")) {
      JsonNode target = root.at(ref.substring(1));
      if (!target.isMissingNode()) {
        return target;
      }
    }
    return NODES.objectNode();
  }

  /** The first branch that is not {@code null}; the null branch once the value is deep enough. */
  private static JsonNode firstNotNull(JsonNode branches, int depth) {
    JsonNode nullBranch = null;
    JsonNode other = null;
    for (JsonNode branch : branches) {
      if ("null".equals(branch.path("type").asText())) {
        nullBranch = nullBranch == null ? branch : nullBranch;
      } else {
        other = other == null ? branch : other;
      }
    }
    if (nullBranch != null && (other == null || depth >= MAX_DEPTH)) {
      return nullBranch;
    }
    return other != null ? other : NODES.objectNode();
  }

  /**
   * The schema's type; of a union such as {@code ["string", "null"]}, the first that is not null.
   */
  private static String type(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return schema.has("properties") ? "object" : "string";
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!t.asText().equals("null")) {
          return t.asText();
        }
      }
      return "null";
    }
    return type.asText();
  }

  private ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = NODES.objectNode();
    JsonNode properties = schema.path("properties");
    for (Map.Entry<String, JsonNode> p : properties.properties()) {
      out.set(p.getKey(), value(p.getValue(), p.getKey(), depth + 1));
    }
    JsonNode additional = schema.get("additionalProperties");
    if (properties.isEmpty() && additional != null && additional.isObject()) {
      out.set("key (scripted)", value(additional, "value", depth + 1));
    }
    return out;
  }

  private ArrayNode array(JsonNode schema, String name, int depth) {
    ArrayNode out = NODES.arrayNode();
    JsonNode items = schema.get("items");
    if (items != null && items.isObject() && depth < MAX_DEPTH) {
      out.add(value(items, name, depth + 1));
    }
    return out;
  }

  private static JsonNode integer(JsonNode schema) {
    try {
      return NODES.numberNode(new BigDecimal(example(schema)).toBigIntegerExact());
    } catch (RuntimeException notAnInteger) {
      JsonNode minimum = schema.get("minimum");
      return minimum != null && minimum.isNumber() ? minimum : NODES.numberNode(2);
    }
  }

  private static JsonNode number(JsonNode schema) {
    try {
      return NODES.numberNode(new BigDecimal(example(schema)));
    } catch (RuntimeException notANumber) {
      JsonNode minimum = schema.get("minimum");
      return minimum != null && minimum.isNumber() ? minimum : NODES.numberNode(2.5);
    }
  }

  private static JsonNode string(JsonNode schema, String name) {
    String hint = example(schema);
    if (!hint.isEmpty()) {
      return NODES.textNode(hint);
    }
    return NODES.textNode(
        switch (schema.path("format").asText()) {
          case "date" -> "2026-03-14";
          case "date-time" -> "2026-03-14T10:42:00Z";
          case "time" -> "10:42:00";
          case "duration" -> "P2D";
          case "uuid" -> "00000000-0000-4000-8000-000000000000";
          default -> name + " (scripted)";
        });
  }

  /** What the description gives as an example ({@code "City name, e.g. Lisbon"}), or "". */
  private static String example(JsonNode schema) {
    Matcher m = EXAMPLE.matcher(schema.path("description").asText());
    if (!m.find()) {
      return "";
    }
    String hint = m.group(1).trim();
    return hint.endsWith(".") ? hint.substring(0, hint.length() - 1).trim() : hint;
  }
}
