package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON schemas generated at compile time: strict-mode output schemas and tool argument schemas. */
class SchemaTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Strict mode (OpenAI structured outputs): every object is closed and requires every property it
   * declares, recursively, including under {@code $defs}, {@code items} and {@code anyOf}.
   */
  static void assertStrict(JsonNode schema) {
    List<String> problems = new ArrayList<>();
    walk(schema, "$", problems);
    assertThat(problems).as("strict-mode violations in %s", schema).isEmpty();
  }

  private static void walk(JsonNode node, String path, List<String> problems) {
    if (node.isObject()) {
      JsonNode type = node.get("type");
      boolean object =
          type != null
              && (type.asText().equals("object")
                  || (type.isArray() && type.toString().contains("\"object\"")));
      if (object) {
        if (!node.path("additionalProperties").isBoolean()
            || node.path("additionalProperties").booleanValue()) {
          problems.add(path + ": additionalProperties must be false");
        }
        List<String> declared = new ArrayList<>();
        node.path("properties").fieldNames().forEachRemaining(declared::add);
        List<String> required = new ArrayList<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        if (!required.equals(declared)) {
          problems.add(path + ": required " + required + " != properties " + declared);
        }
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        walk(e.getValue(), path + "." + e.getKey(), problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  @Test
  void aRecordIsAClosedObjectWithEveryPropertyRequired() {
    JsonNode s =
        SchemaProbe.output(
            """
            /** A day plan. */
            record Plan(String city, int days, double budget, boolean pets, List<String> sights) {}
            Plan value();
            """);
    assertStrict(s);
    assertThat(s)
        .isEqualTo(
            json(
                """
                {"type":"object","description":"A day plan.","properties":{
                  "city":{"type":"string"},
                  "days":{"type":"integer"},
                  "budget":{"type":"number"},
                  "pets":{"type":"boolean"},
                  "sights":{"type":"array","items":{"type":"string"}}},
                 "required":["city","days","budget","pets","sights"],
                 "additionalProperties":false}
                """));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "String              | {\"type\":\"string\"}",
        "int                 | {\"type\":\"integer\"}",
        "Long                | {\"type\":\"integer\"}",
        "boolean             | {\"type\":\"boolean\"}",
        "float               | {\"type\":\"number\"}",
        "java.math.BigDecimal | {\"type\":\"number\"}",
        "char                | {\"type\":\"string\"}",
        "List<Integer>       | {\"type\":\"array\",\"items\":{\"type\":\"integer\"}}",
        "Set<String>         | {\"type\":\"array\",\"items\":{\"type\":\"string\"}}",
        "long[]              | {\"type\":\"array\",\"items\":{\"type\":\"integer\"}}",
        "Optional<String>    | {\"type\":[\"string\",\"null\"]}",
        "Instant             | {\"type\":\"string\",\"format\":\"date-time\"}",
        "LocalDate           | {\"type\":\"string\",\"format\":\"date\"}",
        "LocalTime           | {\"type\":\"string\",\"format\":\"time\"}",
        "Duration            | {\"type\":\"string\",\"format\":\"duration\"}",
        "UUID                | {\"type\":\"string\",\"format\":\"uuid\"}",
      })
  void aNonObjectRootIsWrappedInValue(String type, String valueSchema) {
    JsonNode s = SchemaProbe.output(type + " value();");
    assertStrict(s);
    assertThat(s)
        .isEqualTo(
            json(
                "{\"type\":\"object\",\"properties\":{\"value\":"
                    + valueSchema
                    + "},\"required\":[\"value\"],\"additionalProperties\":false}"));
  }

  @Test
  void optionalPropertiesAreRequiredButNullable() {
    JsonNode s =
        SchemaProbe.output(
            """
            enum Mood { HAPPY, SAD }
            record Inner(String x) {}
            record R(Optional<String> note, Optional<Mood> mood, Optional<Inner> inner,
                Optional<List<String>> tags) {}
            R value();
            """);
    assertStrict(s);
    JsonNode p = s.get("properties");
    assertThat(p.get("note")).isEqualTo(json("{\"type\":[\"string\",\"null\"]}"));
    assertThat(p.get("mood"))
        .isEqualTo(
            json(
                "{\"anyOf\":[{\"type\":\"string\",\"enum\":[\"HAPPY\",\"SAD\"]},{\"type\":\"null\"}]}"));
    assertThat(p.get("inner").get("anyOf").get(1)).isEqualTo(json("{\"type\":\"null\"}"));
    assertThat(p.get("inner").get("anyOf").get(0).get("additionalProperties").booleanValue())
        .isFalse();
    assertThat(p.get("tags"))
        .isEqualTo(json("{\"type\":[\"array\",\"null\"],\"items\":{\"type\":\"string\"}}"));
    assertThat(s.get("required")).isEqualTo(json("[\"note\",\"mood\",\"inner\",\"tags\"]"));
  }

  @Test
  void aRecursiveRootRefersToItselfWithHash() {
    JsonNode s =
        SchemaProbe.output(
            """
            record Node(String name, List<Node> children) {}
            Node value();
            """);
    assertStrict(s);
    assertThat(s.at("/properties/children/items")).isEqualTo(json("{\"$ref\":\"#\"}"));
    assertThat(s.has("$defs")).isFalse();
  }

  @Test
  void recursiveTypesBelowTheRootLiveInDefs() {
    JsonNode s =
        SchemaProbe.output(
            """
            record Node(String name, Optional<Node> parent, List<Node> children) {}
            record Tree(Node root, int size) {}
            List<Tree> value();
            """);
    assertStrict(s);
    assertThat(s.at("/properties/value/items/properties/root"))
        .isEqualTo(json("{\"$ref\":\"#/$defs/Node\"}"));
    JsonNode node = s.at("/$defs/Node");
    assertThat(node.at("/properties/children/items"))
        .isEqualTo(json("{\"$ref\":\"#/$defs/Node\"}"));
    assertThat(node.at("/properties/parent"))
        .isEqualTo(json("{\"anyOf\":[{\"$ref\":\"#/$defs/Node\"},{\"type\":\"null\"}]}"));
    assertThat(node.get("required")).isEqualTo(json("[\"name\",\"parent\",\"children\"]"));
  }

  @Test
  void mutuallyRecursiveTypes() {
    JsonNode s =
        SchemaProbe.output(
            """
            record Dept(String name, List<Person> staff) {}
            record Person(String name, Dept dept) {}
            Dept value();
            """);
    assertStrict(s);
    assertThat(s.at("/properties/staff/items")).isEqualTo(json("{\"$ref\":\"#/$defs/Person\"}"));
    assertThat(s.at("/$defs/Person/properties/dept")).isEqualTo(json("{\"$ref\":\"#\"}"));
  }

  @Test
  void aNonRecursiveTypeUsedTwiceIsInlinedTwice() {
    JsonNode s =
        SchemaProbe.output(
            """
            record Point(int x, int y) {}
            record Line(Point from, Point to) {}
            Line value();
            """);
    assertStrict(s);
    assertThat(s.at("/properties/from")).isEqualTo(s.at("/properties/to"));
    assertThat(s.at("/properties/from/type").asText()).isEqualTo("object");
  }

  @Test
  void mapsAreEntryArraysInStrictModeAndObjectsForTools() {
    JsonNode out = SchemaProbe.output("Map<String, Integer> value();");
    assertStrict(out);
    assertThat(out.at("/properties/value"))
        .isEqualTo(
            json(
                """
                {"type":"array","items":{"type":"object","properties":{
                  "key":{"type":"string"},"value":{"type":"integer"}},
                  "required":["key","value"],"additionalProperties":false}}
                """));
    JsonNode args = SchemaProbe.arguments("void tool(Map<String, Integer> weights);");
    assertThat(args.at("/properties/weights"))
        .isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}"));
  }

  @Test
  void descriptionsComeFromAnnotationsThenJavadoc() {
    JsonNode s =
        SchemaProbe.output(
            """
            /**
             * A forecast.
             *
             * @param city the {@code city} name
             * @param mood how it feels
             */
            record Forecast(String city, @Description("Celsius") int temperature, Mood mood) {}
            @Description("A mood.")
            enum Mood {
              /** Bright. */
              SUNNY,
              @Description("Grey.") CLOUDY,
              WINDY
            }
            Forecast value();
            """);
    assertStrict(s);
    assertThat(s.get("description").asText()).isEqualTo("A forecast.");
    assertThat(s.at("/properties/city/description").asText()).isEqualTo("the city name");
    assertThat(s.at("/properties/temperature/description").asText()).isEqualTo("Celsius");
    assertThat(s.at("/properties/mood/description").asText()).isEqualTo("how it feels");
    JsonNode bare =
        SchemaProbe.output(
            "@Description(\"A mood.\") enum Mood { /** Bright. */ SUNNY, @Description(\"Grey.\") CLOUDY, WINDY }\nMood value();");
    assertThat(bare.at("/properties/value/description").asText())
        .isEqualTo("A mood. Values: SUNNY: Bright.; CLOUDY: Grey..");
  }

  @Test
  void aPojoUsesItsAllArgsConstructor() {
    JsonNode s =
        SchemaProbe.output(
            """
            final class Quote {
              private final String author;
              private final String text;
              private static int count;

              public Quote(String text, String author) {
                this.author = author;
                this.text = text;
              }

              public Quote(String text) {
                this(text, "anonymous");
              }
            }
            Quote value();
            """);
    assertStrict(s);
    assertThat(s.get("required")).isEqualTo(json("[\"text\",\"author\"]"));
  }

  @Test
  void toolArgumentsLeaveOptionalOnesOut() {
    JsonNode s =
        SchemaProbe.arguments(
            """
            record Filter(String field, Optional<String> value) {}
            void tool(String city, Optional<LocalDate> date, OffsetDateTime at, String[] tags,
                Set<Integer> ids, Filter filter);
            """);
    assertThat(s.get("required")).isEqualTo(json("[\"city\",\"at\",\"tags\",\"ids\",\"filter\"]"));
    assertThat(s.at("/properties/date"))
        .isEqualTo(json("{\"type\":\"string\",\"format\":\"date\"}"));
    assertThat(s.at("/properties/at/format").asText()).isEqualTo("date-time");
    assertThat(s.at("/properties/tags/items/type").asText()).isEqualTo("string");
    assertThat(s.at("/properties/filter/required")).isEqualTo(json("[\"field\"]"));
    assertThat(s.at("/properties/filter/properties/value"))
        .isEqualTo(json("{\"type\":\"string\"}"));
    assertThat(s.get("additionalProperties").booleanValue()).isFalse();
  }

  @Test
  void recursiveToolParametersUseDefs() {
    JsonNode s =
        SchemaProbe.arguments(
            """
            record Category(String name, List<Category> children) {}
            void tool(Category root);
            """);
    assertThat(s.at("/properties/root")).isEqualTo(json("{\"$ref\":\"#/$defs/Category\"}"));
    assertThat(s.at("/$defs/Category/properties/children/items"))
        .isEqualTo(json("{\"$ref\":\"#/$defs/Category\"}"));
  }

  @Test
  void twoTypesWithTheSameSimpleNameGetDistinctDefs() {
    JsonNode s =
        SchemaProbe.output(
            """
            interface A { record Node(String a, List<Node> next) {} }
            interface B { record Node(String b, List<Node> next) {} }
            record Both(A.Node a, B.Node b) {}
            Both value();
            """);
    assertStrict(s);
    assertThat(s.at("/properties/a/$ref").asText()).isEqualTo("#/$defs/Node");
    assertThat(s.at("/properties/b/$ref").asText()).isEqualTo("#/$defs/Node2");
    assertThat(s.at("/$defs/Node2/properties/b/type").asText()).isEqualTo("string");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Object value();                         | Object has no JSON schema",
        "Map<Integer, String> value();            | map keys must be String",
        "List value();                            | raw type",
        "List<? extends Number> value();          | wildcard",
        "Optional<Optional<String>> value();      | Optional is supported as",
        "List<String>[] value();                  | arrays of generic types",
        "int[][] value();                         | nested arrays",
        "Runnable value();                        | this JDK type",
        "record G<T>(T t) {} G<String> value();   | generic types other than",
      })
  void unsupportedTypesSayWhy(String declarations, String reason) {
    assertThat(SchemaProbe.failure(declarations))
        .startsWith("UNSUPPORTED_RETURN_TYPE")
        .contains(reason);
  }
}
