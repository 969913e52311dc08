package dev.majordomo.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small validator for the JSON Schema subset OpenAI's OpenAPI description uses for {@code
 * CreateChatCompletionRequest} ({@link #instance()}) and {@code CreateResponse} ({@link
 * #responses()}): {@code $ref}, {@code allOf}/{@code anyOf}/{@code oneOf}, {@code type} (one or a
 * list, including {@code "null"}), {@code nullable}, {@code enum}, {@code required}, {@code
 * properties}, {@code additionalProperties}, {@code items}, and the bounds {@code minItems}/{@code
 * maxItems}/{@code minimum}/{@code maximum}/{@code maxLength}. Other keywords (descriptions, {@code
 * format}, vendor extensions) do not constrain. A {@code oneOf} with a {@code discriminator} needs
 * one member to match, not exactly one: the discriminator picks the member, and the Responses
 * description's input items overlap ({@code EasyInputMessage} and {@code InputMessage} are both
 * {@code "type": "message"}). Test code only.
 */
final class OpenApiSchemaValidator {
  private static final OpenApiSchemaValidator INSTANCE =
      load("/openai-openapi/chat-completions-request.yaml");
  private static final OpenApiSchemaValidator RESPONSES =
      load("/openai-openapi/responses-request.yaml");

  private final JsonNode document;

  private OpenApiSchemaValidator(JsonNode document) {
    this.document = document;
  }

  /** The Chat Completions request subset ({@code CreateChatCompletionRequest}). */
  static OpenApiSchemaValidator instance() {
    return INSTANCE;
  }

  /** The Responses request subset ({@code CreateResponse}). */
  static OpenApiSchemaValidator responses() {
    return RESPONSES;
  }

  private static OpenApiSchemaValidator load(String resource) {
    try (InputStream in = OpenApiSchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new OpenApiSchemaValidator(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every violation of {@code components.schemas.<schemaName>} by {@code value}; empty if valid.
   */
  List<String> validate(String schemaName, JsonNode value) {
    List<String> errors = new ArrayList<>();
    validate(ref("#/components/schemas/" + schemaName), value, "$", errors);
    return errors;
  }

  private JsonNode ref(String ref) {
    JsonNode target = document.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalStateException("dangling $ref " + ref);
    }
    return target;
  }

  private void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (schema.isBoolean()) {
      if (!schema.booleanValue()) {
        errors.add(path + ": no value is allowed here");
      }
      return;
    }
    if (schema.has("$ref")) {
      validate(ref(schema.get("$ref").asText()), value, path, errors);
    }
    if (value.isNull() && schema.path("nullable").asBoolean(false)) {
      return;
    }
    JsonNode type = schema.get("type");
    if (type != null && !matchesType(type, value)) {
      errors.add(path + ": expected type " + type + " but was " + describe(value));
      return;
    }
    JsonNode enumeration = schema.get("enum");
    if (enumeration != null && !contains(enumeration, value)) {
      errors.add(path + ": " + value + " is not one of " + enumeration);
    }
    if (value.isObject()) {
      validateObject(schema, value, path, errors);
    }
    if (value.isArray()) {
      validateArray(schema, value, path, errors);
    }
    if (value.isNumber()) {
      BigDecimal n = value.decimalValue();
      if (schema.has("minimum") && n.compareTo(schema.get("minimum").decimalValue()) < 0) {
        errors.add(path + ": " + n + " is below the minimum " + schema.get("minimum"));
      }
      if (schema.has("maximum") && n.compareTo(schema.get("maximum").decimalValue()) > 0) {
        errors.add(path + ": " + n + " is above the maximum " + schema.get("maximum"));
      }
    }
    if (value.isTextual()
        && schema.has("maxLength")
        && value.asText().codePointCount(0, value.asText().length())
            > schema.get("maxLength").asInt()) {
      errors.add(path + ": longer than " + schema.get("maxLength") + " characters");
    }
    combinators(schema, value, path, errors);
  }

  private void validateObject(JsonNode schema, JsonNode value, String path, List<String> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(path + ": missing required property '" + required.asText() + "'");
      }
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String child = path + "." + field.getKey();
      JsonNode property = properties.get(field.getKey());
      if (property != null) {
        validate(property, field.getValue(), child, errors);
      } else if (additional != null) {
        validate(additional, field.getValue(), child, errors);
      }
    }
  }

  private void validateArray(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
      errors.add(path + ": fewer than " + schema.get("minItems") + " items");
    }
    if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
      errors.add(path + ": more than " + schema.get("maxItems") + " items");
    }
    JsonNode items = schema.get("items");
    if (items != null) {
      for (int i = 0; i < value.size(); i++) {
        validate(items, value.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  private void combinators(JsonNode schema, JsonNode value, String path, List<String> errors) {
    for (JsonNode member : schema.path("allOf")) {
      validate(member, value, path, errors);
    }
    JsonNode anyOf = schema.get("anyOf");
    if (anyOf != null) {
      List<String> all = new ArrayList<>();
      boolean any = false;
      for (JsonNode member : anyOf) {
        List<String> e = new ArrayList<>();
        validate(member, value, path, e);
        any |= e.isEmpty();
        all.addAll(e);
      }
      if (!any) {
        errors.add(path + ": matches none of anyOf " + all);
      }
    }
    JsonNode oneOf = schema.get("oneOf");
    if (oneOf != null) {
      int matches = 0;
      List<String> all = new ArrayList<>();
      for (JsonNode member : oneOf) {
        List<String> e = new ArrayList<>();
        validate(member, value, path, e);
        if (e.isEmpty()) {
          matches++;
        }
        all.addAll(e);
      }
      if (matches == 0 || (matches > 1 && !schema.has("discriminator"))) {
        errors.add(path + ": matches " + matches + " of oneOf (exactly one required) " + all);
      }
    }
  }

  private static boolean matchesType(JsonNode type, JsonNode value) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (matchesType(t.asText(), value)) {
          return true;
        }
      }
      return false;
    }
    return matchesType(type.asText(), value);
  }

  private static boolean matchesType(String type, JsonNode value) {
    return switch (type) {
      case "null" -> value.isNull();
      case "string" -> value.isTextual();
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "number" -> value.isNumber();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }

  private static boolean contains(JsonNode enumeration, JsonNode value) {
    for (JsonNode e : enumeration) {
      if (e.equals(value)
          || (e.isNumber()
              && value.isNumber()
              && e.decimalValue().compareTo(value.decimalValue()) == 0)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(JsonNode value) {
    return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
