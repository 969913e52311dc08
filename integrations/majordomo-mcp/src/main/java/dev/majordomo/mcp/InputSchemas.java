package dev.majordomo.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a server's input schema into the parameters schema providers accept. The schema is passed
 * as the server gave it except for three repairs: a missing schema, or one without {@code type},
 * becomes an object schema; an object schema without {@code properties} gets an empty one (OpenAI
 * refuses an object without it); {@code $schema} and {@code $id} at the root are dropped (Gemini
 * refuses them, and no provider needs them). A root that declares another type than {@code object}
 * cannot describe tool arguments, which are always an object in MCP: it is replaced by an open
 * object schema whose description says so. The schema is never made strict: servers' schemas often
 * leave objects open, so the model's arguments are checked by the server, not by the provider.
 */
final class InputSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InputSchemas() {}

  static String parameters(Map<String, Object> serverSchema) {
    Map<String, Object> schema =
        serverSchema == null ? new LinkedHashMap<>() : new LinkedHashMap<>(serverSchema);
    schema.remove("$schema");
    schema.remove("$id");
    Object type = schema.get("type");
    if (type == null) {
      schema.put("type", "object");
    } else if (!"object".equals(type)) {
      schema = new LinkedHashMap<>();
      schema.put("type", "object");
      schema.put(
          "description",
          "The server's input schema (type " + type + ") is not an object schema; left open.");
    }
    schema.putIfAbsent("properties", Map.of());
    try {
      return JSON.writeValueAsString(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a schema decoded from JSON is always JSON", e);
    }
  }
}
