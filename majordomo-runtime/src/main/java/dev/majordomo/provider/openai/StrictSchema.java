package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a JSON Schema acceptable to OpenAI's strict mode, as the reference describes (and as the
 * openai-python helper {@code to_strict_json_schema} does): every object closed ({@code
 * additionalProperties: false}) with every property listed in {@code required}; recursion into
 * {@code properties}, {@code items}, {@code anyOf}/{@code allOf}/{@code oneOf} and {@code
 * $defs}/{@code definitions}; {@code default} removed; a {@code $ref} with sibling keywords
 * inlined. A schema strict mode cannot express (an open map, a non-object root, a dangling {@code
 * $ref}) is refused with a {@link StrictSchemaException} that names the place.
 */
final class StrictSchema {
  private static final int MAX_INLINE_DEPTH = 32;
  private final JsonNode root;

  private StrictSchema(JsonNode root) {
    this.root = root;
  }

  /** A normalised copy of {@code schema}, which must be an object schema. */
  static ObjectNode normalise(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw new StrictSchemaException("the schema must be a JSON object");
    }
    if (!isObjectType(schema) || schema.has("anyOf")) {
      throw new StrictSchemaException(
          "the root of a strict schema must be an object (wrap other types in {\"value\": …})");
    }
    return (ObjectNode) new StrictSchema(schema).visit(schema, "#", 0);
  }

  private JsonNode visit(JsonNode node, String path, int inlineDepth) {
    if (!node.isObject()) {
      return node;
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    if (copy.has("$ref") && copy.size() > 1) {
      if (inlineDepth >= MAX_INLINE_DEPTH) {
        throw new StrictSchemaException(path + ": $ref chain too deep to inline");
      }
      ObjectNode merged = resolve(copy.get("$ref").asText(), path).deepCopy();
      for (Map.Entry<String, JsonNode> e : copy.properties()) {
        if (!e.getKey().equals("$ref")) {
          merged.set(e.getKey(), e.getValue());
        }
      }
      return visit(merged, path, inlineDepth + 1);
    }
    copy.remove("default");
    for (String defs : List.of("$defs", "definitions")) {
      if (copy.get(defs) instanceof ObjectNode d) {
        visitMembers(d, path + "/" + defs);
      }
    }
    if (copy.get("properties") instanceof ObjectNode props) {
      visitMembers(props, path + "/properties");
    }
    if (isObjectType(copy)) {
      JsonNode additional = copy.get("additionalProperties");
      if (additional == null) {
        copy.put("additionalProperties", false);
      } else if (!(additional.isBoolean() && !additional.booleanValue())) {
        throw new StrictSchemaException(
            path + ": an object that allows additional properties (a map) cannot be strict");
      }
      ArrayNode required = JsonNodeFactory.instance.arrayNode();
      if (copy.get("properties") instanceof ObjectNode props) {
        props.fieldNames().forEachRemaining(required::add);
      }
      copy.set("required", required);
    }
    JsonNode items = copy.get("items");
    if (items != null && items.isObject()) {
      copy.set("items", visit(items, path + "/items", 0));
    } else if (items instanceof ArrayNode list) {
      visitElements(list, path + "/items");
    }
    for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
      if (copy.get(combinator) instanceof ArrayNode list) {
        visitElements(list, path + "/" + combinator);
      }
    }
    return copy;
  }

  private void visitMembers(ObjectNode members, String path) {
    List<String> names = new ArrayList<>();
    members.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      members.set(name, visit(members.get(name), path + "/" + name, 0));
    }
  }

  private void visitElements(ArrayNode list, String path) {
    for (int i = 0; i < list.size(); i++) {
      list.set(i, visit(list.get(i), path + "/" + i, 0));
    }
  }

  private ObjectNode resolve(String ref, String path) {
    JsonNode target =
        ref.equals("#") ? root : ref.startsWith("#/") ? root.at(ref.substring(1)) : null;
    if (target == null || !target.isObject()) {
      throw new StrictSchemaException(path + ": cannot resolve $ref " + ref);
    }
    return (ObjectNode) target;
  }

  private static boolean isObjectType(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return schema.has("properties");
    }
    if (type.isTextual()) {
      return type.asText().equals("object");
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (t.asText().equals("object")) {
          return true;
        }
      }
    }
    return false;
  }

  /** A schema that strict mode cannot take. */
  static final class StrictSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StrictSchemaException(String message) {
      super(message);
    }
  }
}
