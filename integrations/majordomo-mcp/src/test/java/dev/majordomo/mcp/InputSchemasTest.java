package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputSchemasTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void passesAnObjectSchemaAsGiven() throws Exception {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("path", Map.of("type", "string")));
    schema.put("required", List.of("path"));
    schema.put("additionalProperties", false);

    JsonNode parameters = JSON.readTree(InputSchemas.parameters(schema));

    assertThat(parameters).isEqualTo(JSON.valueToTree(schema));
  }

  @Test
  void dropsSchemaAndIdAtTheRoot() throws Exception {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("$id", "urn:x");
    schema.put("type", "object");
    schema.put("properties", Map.of());

    assertThat(JSON.readTree(InputSchemas.parameters(schema)))
        .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{}}"));
  }

  @Test
  void repairsAMissingSchemaTypeOrProperties() throws Exception {
    assertThat(JSON.readTree(InputSchemas.parameters(null)))
        .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{}}"));
    assertThat(JSON.readTree(InputSchemas.parameters(Map.of("properties", Map.of("a", Map.of())))))
        .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{}}}"));
  }

  @Test
  void replacesANonObjectRootWithAnOpenObjectThatSaysSo() throws Exception {
    JsonNode parameters = JSON.readTree(InputSchemas.parameters(Map.of("type", "string")));

    assertThat(parameters.get("type").asText()).isEqualTo("object");
    assertThat(parameters.get("properties").size()).isZero();
    assertThat(parameters.get("description").asText()).contains("type string");
  }
}
