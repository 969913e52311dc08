package dev.majordomo.examples.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaSamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode sample(String schema) throws Exception {
    return SchemaSamples.sample(JSON.readTree(schema));
  }

  @Test
  void stringsTakeTheDescriptionsExampleElseAPlainlyMadeUpValue() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "city":{"type":"string","description":"the city name, e.g. London."},
              "street":{"type":"string","description":"e.g. Rua Augusta, 12"},
              "merchant":{"type":"string"}}}
            """);
    assertThat(value.path("city").asText()).isEqualTo("London");
    assertThat(value.path("street").asText()).isEqualTo("Rua Augusta");
    assertThat(value.path("merchant").asText()).isEqualTo("merchant (scripted)");
  }

  @Test
  void enumsTakeTheExampleWhenItIsOneOfTheValuesElseTheFirst() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "to":{"type":"string","enum":["EUR","GBP"],"description":"e.g. gbp"},
              "from":{"type":"string","enum":["EUR","GBP"],"description":"e.g. CHF"},
              "plain":{"type":"string","enum":["A","B"]}}}
            """);
    assertThat(value.path("to").asText()).isEqualTo("GBP");
    assertThat(value.path("from").asText()).isEqualTo("EUR");
    assertThat(value.path("plain").asText()).isEqualTo("A");
  }

  @Test
  void numbersTakeTheExampleThenTheMinimumThenADefault() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "amount":{"type":"number","description":"e.g. 300.5"},
              "days":{"type":"integer","description":"e.g. 3"},
              "fraction":{"type":"integer","description":"e.g. 2.5"},
              "floor":{"type":"integer","minimum":7},
              "any":{"type":"number"},
              "flag":{"type":"boolean"}}}
            """);
    assertThat(value.path("amount").decimalValue()).isEqualByComparingTo("300.5");
    assertThat(value.path("days").isIntegralNumber()).isTrue();
    assertThat(value.path("days").asInt()).isEqualTo(3);
    assertThat(value.path("fraction").isIntegralNumber()).isTrue();
    assertThat(value.path("floor").asInt()).isEqualTo(7);
    assertThat(value.path("any").isNumber()).isTrue();
    assertThat(value.path("flag").asBoolean()).isTrue();
  }

  @Test
  void formatsGetValuesThatJavaTimeParses() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "d":{"type":"string","format":"date"},
              "dt":{"type":"string","format":"date-time"},
              "t":{"type":"string","format":"time"},
              "p":{"type":"string","format":"duration"},
              "u":{"type":"string","format":"uuid"}}}
            """);
    java.time.LocalDate.parse(value.path("d").asText());
    java.time.Instant.parse(value.path("dt").asText());
    java.time.LocalTime.parse(value.path("t").asText());
    java.time.Duration.parse(value.path("p").asText());
    java.time.Period.parse(value.path("p").asText());
    java.util.UUID.fromString(value.path("u").asText());
  }

  @Test
  void nullableUnionsTakeTheTypeThatIsNotNull() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "note":{"type":["string","null"]},
              "day":{"anyOf":[{"type":"null"},{"type":"object","properties":{"n":{"type":"integer"}}}]}}}
            """);
    assertThat(value.path("note").isTextual()).isTrue();
    assertThat(value.path("day").path("n").isIntegralNumber()).isTrue();
  }

  @Test
  void arraysHoldOneItemAndMapsOneEntry() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "items":{"type":"array","items":{"type":"object","properties":{"q":{"type":"integer"}}}},
              "weights":{"type":"object","additionalProperties":{"type":"number"}}}}
            """);
    assertThat(value.path("items")).hasSize(1);
    assertThat(value.path("items").get(0).path("q").isIntegralNumber()).isTrue();
    assertThat(value.path("weights").size()).isEqualTo(1);
    assertThat(value.path("weights").elements().next().isNumber()).isTrue();
  }

  @Test
  void recursiveReferencesEndInNullOrAnEmptyList() throws Exception {
    JsonNode value =
        sample(
            """
            {"type":"object","properties":{
              "name":{"type":"string"},
              "parent":{"anyOf":[{"$ref":"#"},{"type":"null"}]},
              "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}},
             "$defs":{"Node":{"type":"object","properties":{
               "kids":{"type":"array","items":{"$ref":"#/$defs/Node"}}}}}}
            """);
    JsonNode deepest = value;
    int depth = 0;
    while (deepest.path("parent").isObject()) {
      deepest = deepest.path("parent");
      depth++;
    }
    assertThat(depth).isBetween(1, 6);
    assertThat(deepest.path("parent").isNull()).isTrue();
    assertThat(value.path("children").get(0).path("kids").isArray()).isTrue();
  }
}
