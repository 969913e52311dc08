package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.JsonDecodingException;
import dev.majordomo.internal.assistant.Json;
import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Toolbox;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * ExecutableTool argument decoding: the {@link Json} readers that generated dispatchers and
 * decoders use, fed random text and random JSON trees, return a value of exactly the node's meaning
 * or throw a {@link JsonDecodingException} that names the path; a toolbox fed random arguments
 * never throws.
 */
class JsonFuzzTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PATH = "$.args[3].field";

  enum Units {
    METRIC,
    IMPERIAL,
    imperial
  }

  /** One reader of {@link Json}, as a generated decoder calls it. */
  @FunctionalInterface
  interface Reader {
    Object read(JsonNode node, String path) throws Exception;
  }

  private static final Map<String, Reader> READERS = readers();

  private static Map<String, Reader> readers() {
    Map<String, Reader> r = new LinkedHashMap<>();
    r.put("string", Json::string);
    r.put("character", Json::character);
    r.put("bool", Json::bool);
    r.put("int32", Json::int32);
    r.put("int64", Json::int64);
    r.put("int16", Json::int16);
    r.put("int8", Json::int8);
    r.put("bigInteger", Json::bigInteger);
    r.put("float64", Json::float64);
    r.put("float32", Json::float32);
    r.put("bigDecimal", Json::bigDecimal);
    r.put("enum", (n, p) -> Json.enumValue(n, p, Units.class));
    r.put("uuid", Json::uuid);
    r.put("instant", Json::instant);
    r.put("localDate", Json::localDate);
    r.put("localTime", Json::localTime);
    r.put("localDateTime", Json::localDateTime);
    r.put("offsetDateTime", Json::offsetDateTime);
    r.put("zonedDateTime", Json::zonedDateTime);
    r.put("duration", Json::duration);
    r.put("period", Json::period);
    r.put("yearMonth", Json::yearMonth);
    r.put("year", Json::year);
    r.put("list<int>", (n, p) -> Json.list(n, p, Json::int32));
    r.put("set<string>", (n, p) -> Json.set(n, p, Json::string));
    r.put("map<list<bool>>", (n, p) -> Json.map(n, p, (e, q) -> Json.list(e, q, Json::bool)));
    r.put("optional<long>", (n, p) -> Json.optional(n, p, Json::int64));
    r.put("required field", (n, p) -> Json.requiredField(n, p, "city", Json::string));
    r.put("optional field", (n, p) -> Json.optionalField(n, p, "city", Json::string));
    return r;
  }

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void arbitraryTextParsesOrFailsAtTheRoot(@ForAll("jsonishText") String text) {
    Guard.Outcome<JsonNode> outcome =
        Guard.run(text, () -> Json.parse(text), JsonDecodingException.class);
    if (outcome.failed()) {
      JsonDecodingException e = (JsonDecodingException) outcome.error();
      assertThat(e.path()).isEqualTo("$");
      assertThat(e.getMessage()).startsWith("$: ");
    } else {
      assertThat(outcome.value()).isNotNull();
      assertThat(outcome.value().isMissingNode()).isFalse();
    }
  }

  @Property(tries = 2000)
  void everyReaderReturnsTheNodesMeaningOrNamesThePath(@ForAll("trees") JsonNode node) {
    // One guarded run per tree, every reader inside it: a reader that throws anything but a
    // JsonDecodingException escapes the loop and fails the property.
    Map<String, Object> results =
        Guard.run(
                node,
                () -> {
                  Map<String, Object> out = new LinkedHashMap<>();
                  for (Map.Entry<String, Reader> reader : READERS.entrySet()) {
                    try {
                      out.put(
                          reader.getKey(), Optional.ofNullable(reader.getValue().read(node, PATH)));
                    } catch (JsonDecodingException e) {
                      out.put(reader.getKey(), e);
                    }
                  }
                  return out;
                })
            .value();
    results.forEach(
        (reader, result) -> {
          if (result instanceof JsonDecodingException e) {
            assertThat(e.path()).startsWith(PATH);
            assertThat(e.getMessage()).startsWith(e.path() + ": ");
          } else {
            checkMeaning(reader, node, ((Optional<?>) result).orElse(null));
          }
        });
  }

  @Property(tries = 500)
  void writtenTreesParseBackToTheSameTree(@ForAll("trees") JsonNode node) {
    // Reading normalises numbers (3.0 is read as 3), so the text is stable from the first read on.
    String once = Json.write(Json.parse(Json.write(node)));
    assertThat(Json.write(Json.parse(once))).isEqualTo(once);
    assertThat(Json.parse(once).size()).isEqualTo(node.size());
  }

  @Property(tries = 2000)
  void aToolboxFedRandomArgumentsNeverThrows(@ForAll("arguments") String arguments) {
    Toolbox toolbox = Toolbox.of(new ForecastTool());
    Part.ToolCall call = new Part.ToolCall("call_1", "forecast", arguments);
    Guard.Outcome<Part.ToolResult> outcome =
        Guard.run(arguments, () -> toolbox.execute(call), JsonDecodingException.class);
    assertThat(outcome.failed()).as("Toolbox.execute threw").isFalse();
    Part.ToolResult result = outcome.value();
    assertThat(result.callId()).isEqualTo("call_1");
    if (result.isError()) {
      assertThat(result.content()).startsWith("Error: tool 'forecast' failed: ");
    } else {
      JsonNode echoed = Json.parse(result.content());
      assertThat(echoed.path("city").isTextual()).isTrue();
      assertThat(echoed.path("days").canConvertToInt()).isTrue();
    }
  }

  /** A value a reader returned must be exactly what the node says: no silent conversion. */
  private static void checkMeaning(String reader, JsonNode node, Object value) {
    switch (reader) {
      case "string" -> assertThat(value).isEqualTo(node.textValue());
      case "bool" -> assertThat(value).isEqualTo(node.booleanValue());
      case "int32", "int64", "int16", "int8", "bigInteger" -> {
        assertThat(node.isNumber()).isTrue();
        assertThat(node.decimalValue().compareTo(new BigDecimal(value.toString()))).isZero();
      }
      case "float64", "float32" -> {
        assertThat(node.isNumber()).isTrue();
        assertThat(Double.isFinite(((Number) value).doubleValue())).isTrue();
      }
      case "bigDecimal" -> assertThat(((BigDecimal) value).compareTo(node.decimalValue())).isZero();
      case "enum" -> assertThat(((Units) value).name()).isEqualToIgnoringCase(node.textValue());
      case "list<int>" -> assertThat((List<?>) value).hasSize(node.size());
      case "optional<long>" ->
          assertThat(((Optional<?>) value).isPresent()).isEqualTo(!isNull(node));
      case "required field" -> assertThat(value).isEqualTo(node.get("city").textValue());
      case "optional field" ->
          assertThat(((Optional<?>) value).orElse(null))
              .isEqualTo(isNull(node.get("city")) ? null : node.get("city").textValue());
      default -> assertThat(value).isNotNull();
    }
  }

  private static boolean isNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** A tool whose dispatcher decodes its arguments the way generated code does. */
  private static final class ForecastTool implements ExecutableTool {
    @Override
    public ToolDefinition definition() {
      return new ToolDefinition("forecast", "a forecast", "{\"type\":\"object\"}");
    }

    @Override
    public String invoke(String argumentsJson) throws Exception {
      JsonNode args = Json.parse(argumentsJson);
      String city = Json.requiredField(args, "$", "city", Json::string);
      int days = Json.requiredField(args, "$", "days", Json::int32);
      Optional<Units> units =
          Json.optionalField(args, "$", "units", (n, p) -> Json.enumValue(n, p, Units.class));
      LocalDate from = Json.optionalField(args, "$", "from", Json::localDate).orElse(null);
      List<String> tags = Json.optionalField(args, "$", "tags", Json::stringList).orElse(null);
      Map<String, Object> echo = new LinkedHashMap<>();
      echo.put("city", city);
      echo.put("days", days);
      echo.put("units", units);
      echo.put("from", from);
      echo.put("tags", tags);
      return Json.write(echo);
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<String> jsonishText() {
    Arbitrary<String> soup =
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789.eE+-tfnulrs \\/\n\t\u0000é")
            .ofMaxLength(40);
    return Arbitraries.oneOf(soup, Arbitraries.strings().ofMaxLength(40), trees().map(Json::write));
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return node(3);
  }

  private Arbitrary<JsonNode> node(int depth) {
    Arbitrary<JsonNode> scalar = scalars();
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<JsonNode> array =
        node(depth - 1)
            .list()
            .ofMaxSize(4)
            .map(
                items -> {
                  ArrayNode a = NODES.arrayNode();
                  items.forEach(a::add);
                  return a;
                });
    Arbitrary<JsonNode> object =
        Combinators.combine(keys(), node(depth - 1))
            .as(Tuple::of)
            .list()
            .ofMaxSize(4)
            .map(
                fields -> {
                  ObjectNode o = NODES.objectNode();
                  fields.forEach(f -> o.set(f.get1(), f.get2()));
                  return o;
                });
    return Arbitraries.frequencyOf(Tuple.of(5, scalar), Tuple.of(1, array), Tuple.of(1, object));
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.of("city", "days", "units", "from", "tags", "x y", "", "é");
  }

  private static Arbitrary<JsonNode> scalars() {
    Arbitrary<JsonNode> special =
        Arbitraries.of(
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.booleanNode(false),
            NODES.numberNode(Integer.MAX_VALUE + 1L),
            NODES.numberNode(Long.MIN_VALUE),
            NODES.numberNode(new BigInteger("9".repeat(900))),
            NODES.numberNode(new BigInteger("-" + "9".repeat(25))),
            NODES.numberNode(new BigDecimal("1e400")),
            NODES.numberNode(new BigDecimal("-1e-400")),
            NODES.numberNode(new BigDecimal("1e999999999")),
            NODES.numberNode(new BigDecimal("3.0")),
            NODES.numberNode(new BigDecimal("3.5")),
            NODES.numberNode(-0.0),
            NODES.numberNode(1e308),
            NODES.numberNode(3.4028236e38),
            NODES.numberNode(127),
            NODES.numberNode(-129));
    Arbitrary<JsonNode> ints = Arbitraries.integers().map(NODES::numberNode);
    Arbitrary<JsonNode> doubles = Arbitraries.doubles().map(NODES::numberNode);
    Arbitrary<JsonNode> texts =
        Arbitraries.oneOf(
                Arbitraries.of(
                    "",
                    "a",
                    "é",
                    "\uD83D\uDE00",
                    "metric",
                    "IMPERIAL",
                    "Imperial",
                    "123e4567-e89b-12d3-a456-426614174000",
                    "123e4567-e89b-12d3-a456",
                    "2026-01-31",
                    "2026-02-30",
                    "2026-01-31T10:15:30Z",
                    "2026-01-31T10:15:30+01:00[Europe/Paris]",
                    "2026-01-31T10:15:30",
                    "10:15:30Z",
                    "25:00",
                    "PT1H30M",
                    "P1Y2M3D",
                    "PT99999999999999999H",
                    "2026-01",
                    "2026",
                    "+999999999",
                    "42",
                    "true"),
                Arbitraries.strings().ofMaxLength(12))
            .map(NODES::textNode);
    return Arbitraries.oneOf(special, ints, doubles, texts);
  }

  @Provide
  Arbitrary<String> arguments() {
    Arbitrary<String> objects =
        Combinators.combine(
                scalars(), scalars(), scalars(), scalars(), node(1), Arbitraries.integers())
            .as(
                (city, days, units, from, tags, mask) -> {
                  ObjectNode o = NODES.objectNode();
                  if ((mask & 1) == 0) {
                    o.set("city", (mask & 32) == 0 ? NODES.textNode("Bern") : city);
                  }
                  if ((mask & 2) == 0) {
                    o.set("days", (mask & 64) == 0 ? NODES.numberNode(3) : days);
                  }
                  if ((mask & 4) == 0) {
                    o.set("units", units);
                  }
                  if ((mask & 8) == 0) {
                    o.set("from", from);
                  }
                  if ((mask & 16) == 0) {
                    o.set("tags", tags);
                  }
                  return Json.write(o);
                });
    return Arbitraries.frequencyOf(
        Tuple.of(6, objects), Tuple.of(1, jsonishText()), Tuple.of(1, trees().map(Json::write)));
  }
}
