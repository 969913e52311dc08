package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.JsonDecodingException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JsonTest {
  enum Mood {
    HAPPY,
    GRUMPY
  }

  record Day(LocalDate date, String city, Optional<String> note) {}

  private static JsonNode json(String text) {
    return Json.parse(text);
  }

  private static void fails(ThrowingCallable call, String path, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            JsonDecodingException.class, e -> assertThat(e.path()).isEqualTo(path))
        .hasMessage(message);
  }

  @Test
  void decodesNestedStructuresWithPaths() throws Exception {
    JsonNode root =
        json(
            "{\"days\":[{\"date\":\"2026-05-01\",\"city\":\"Rome\",\"note\":null},"
                + "{\"date\":\"2026-05-02\",\"city\":\"Pisa\",\"note\":\"train\"}]}");

    List<Day> days =
        Json.requiredField(root, "$", "days", (n, p) -> Json.list(n, p, JsonTest::day));

    assertThat(days)
        .containsExactly(
            new Day(LocalDate.of(2026, 5, 1), "Rome", Optional.empty()),
            new Day(LocalDate.of(2026, 5, 2), "Pisa", Optional.of("train")));
  }

  private static Day day(JsonNode node, String path) {
    return new Day(
        Json.requiredField(node, path, "date", Json::localDate),
        Json.requiredField(node, path, "city", Json::string),
        Json.optionalField(node, path, "note", Json::string));
  }

  @Test
  void aWrongTypeDeepInsideNamesTheExactPath() {
    JsonNode root = json("{\"days\":[{},{},{\"date\":\"2026-05-03\",\"city\":7}]}");

    fails(
        () -> Json.requiredField(root, "$", "days", (n, p) -> Json.list(n, p, JsonTest::day)),
        "$.days[0].date",
        "$.days[0].date: missing required field 'date'");
    JsonNode third = root.get("days").get(2);
    fails(
        () -> day(third, "$.days[2]"),
        "$.days[2].city",
        "$.days[2].city: expected a string but found a number (7)");
  }

  @Test
  void aStringWhereAnIntIsExpectedIsAnError() {
    fails(
        () -> Json.int32(json("{\"n\":\"42\"}").get("n"), "$.n"),
        "$.n",
        "$.n: expected an integer (int) but found a string (\"42\")");
  }

  @Test
  void integersAreRangeCheckedAndFractionsRefused() {
    assertThat(Json.int32(json("2147483647"), "$")).isEqualTo(Integer.MAX_VALUE);
    assertThat(Json.int32(json("3.0"), "$")).isEqualTo(3);
    assertThat(Json.int64(json("-9223372036854775808"), "$")).isEqualTo(Long.MIN_VALUE);
    fails(
        () -> Json.int32(json("2147483648"), "$"),
        "$",
        "$: 2147483648 is out of range for int (-2147483648 to 2147483647)");
    fails(
        () -> Json.int64(json("9223372036854775808"), "$"),
        "$",
        "$: 9223372036854775808 is out of range for long (-9223372036854775808 to"
            + " 9223372036854775807)");
    fails(
        () -> Json.int16(json("40000"), "$.s"),
        "$.s",
        "$.s: 40000 is out of range for short (-32768 to 32767)");
    fails(
        () -> Json.int32(json("3.5"), "$"),
        "$",
        "$: expected an integer (int) but found a number (3.5)");
    fails(
        () -> Json.int64(json("1e400"), "$"),
        "$",
        "$: 1E+400 is out of range for long (-9223372036854775808 to 9223372036854775807)");
  }

  @Test
  void floatsAcceptIntegersButNotStringsOrInfinity() {
    assertThat(Json.float64(json("2"), "$")).isEqualTo(2.0);
    assertThat(Json.float64(json("0.1"), "$")).isEqualTo(0.1);
    fails(
        () -> Json.float64(json("\"0.1\""), "$"),
        "$",
        "$: expected a number (double) but found a string (\"0.1\")");
    fails(() -> Json.float64(json("1e400"), "$"), "$", "$: 1E+400 is out of range for double");
    fails(() -> Json.float32(json("1e50"), "$"), "$", "$: 1E+50 is out of range for float");
  }

  @Test
  void booleansAreStrict() {
    assertThat(Json.bool(json("true"), "$")).isTrue();
    fails(
        () -> Json.bool(json("\"true\""), "$.b"),
        "$.b",
        "$.b: expected a boolean but found a string (\"true\")");
    fails(
        () -> Json.bool(json("1"), "$.b"), "$.b", "$.b: expected a boolean but found a number (1)");
  }

  @Test
  void nullAndMissingAreNamed() {
    fails(() -> Json.string(json("null"), "$.x"), "$.x", "$.x: expected a string but found null");
    fails(() -> Json.string(null, "$.x"), "$.x", "$.x: missing value, expected a string");
    fails(
        () -> Json.requiredField(json("[1]"), "$.a", "x", Json::string),
        "$.a",
        "$.a: expected an object but found an array");
    fails(
        () -> Json.optionalField(json("[1]"), "$.a", "x", Json::string),
        "$.a",
        "$.a: expected an object but found an array");
    fails(
        () -> Json.requiredField(json("{}"), "$.a", "x", Json::string),
        "$.a.x",
        "$.a.x: missing required field 'x'");
    fails(
        () -> Json.requiredField(json("{\"x\":null}"), "$", "x", Json::string),
        "$.x",
        "$.x: expected a string but found null");
  }

  @Test
  void fieldsAreDecodedAtTheirOwnPath() {
    fails(
        () -> Json.requiredField(json("{\"x y\":5}"), "$.a", "x y", Json::string),
        "$.a[\"x y\"]",
        "$.a[\"x y\"]: expected a string but found a number (5)");
    fails(
        () -> Json.optionalField(json("{\"n\":\"5\"}"), "$[0]", "n", Json::int32),
        "$[0].n",
        "$[0].n: expected an integer (int) but found a string (\"5\")");
    assertThat(Json.requiredField(json("{\"n\":5}"), "$", "n", Json::int32)).isEqualTo(5);
  }

  @Test
  void primitiveArraysAreReadWithoutBoxingAndNameTheElement() {
    assertThat(Json.int32Array(json("[1,2,3]"), "$.a")).containsExactly(1, 2, 3);
    assertThat(Json.int64Array(json("[9007199254740993]"), "$.a"))
        .containsExactly(9007199254740993L);
    assertThat(Json.float64Array(json("[0.5,2]"), "$.a")).containsExactly(0.5, 2.0);
    fails(
        () -> Json.int32Array(json("[1,\"x\"]"), "$.a"),
        "$.a[1]",
        "$.a[1]: expected an integer (int) but found a string (\"x\")");
    fails(
        () -> Json.float64Array(json("{}"), "$.a"),
        "$.a",
        "$.a: expected an array but found an object");
  }

  @Test
  void anOptionalFieldIsEmptyWhenAbsentOrNull() {
    assertThat(Json.optionalField(json("{}"), "$", "x", Json::string)).isEmpty();
    assertThat(Json.optionalField(json("{\"x\":null}"), "$", "x", Json::string)).isEmpty();
    assertThat(Json.optionalField(json("{\"x\":\"v\"}"), "$", "x", Json::string)).contains("v");
  }

  @Test
  void aMapIsAnObjectOrAnArrayOfEntries() {
    Map<String, Integer> expected = Map.of("a", 1, "b", 2);
    assertThat(Json.map(json("{\"a\":1,\"b\":2}"), "$.m", Json::int32)).isEqualTo(expected);
    assertThat(
            Json.map(
                json("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2}]"),
                "$.m",
                Json::int32))
        .isEqualTo(expected);
    fails(
        () -> Json.map(json("[{\"key\":\"a\"}]"), "$.m", Json::int32),
        "$.m[0].value",
        "$.m[0].value: missing required field 'value'");
    fails(
        () -> Json.map(json("[{\"key\":\"a\",\"value\":true}]"), "$.m", Json::int32),
        "$.m[0].value",
        "$.m[0].value: expected an integer (int) but found a boolean (true)");
  }

  @Test
  void optionalTreatsAbsentAndNullAlike() throws Exception {
    assertThat(Json.optional(null, "$.o", Json::string)).isEmpty();
    assertThat(Json.optional(json("null"), "$.o", Json::string)).isEmpty();
    assertThat(Json.optional(json("\"x\""), "$.o", Json::string)).contains("x");
    fails(
        () -> Json.optional(json("5"), "$.o", Json::string),
        "$.o",
        "$.o: expected a string but found a number (5)");
  }

  @Test
  void stringListDecodesLikeTheGenericHelper() throws Exception {
    assertThat(Json.stringList(json("[\"a\",\"b\"]"), "$.l")).containsExactly("a", "b");
    assertThatThrownBy(() -> Json.stringList(json("[\"a\"]"), "$.l").add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
    fails(
        () -> Json.stringList(json("[\"a\",5]"), "$.l"),
        "$.l[1]",
        "$.l[1]: expected a string but found a number (5)");
    fails(
        () -> Json.stringList(json("{}"), "$.l"),
        "$.l",
        "$.l: expected an array but found an object");
    fails(() -> Json.stringList(null, "$.l"), "$.l", "$.l: missing value, expected an array");
  }

  @Test
  void enumsMatchByNameThenIgnoringCase() {
    assertThat(Json.enumValue(json("\"HAPPY\""), "$", Mood.class)).isEqualTo(Mood.HAPPY);
    assertThat(Json.enumValue(json("\"grumpy\""), "$", Mood.class)).isEqualTo(Mood.GRUMPY);
    fails(
        () -> Json.enumValue(json("\"sad\""), "$.mood", Mood.class),
        "$.mood",
        "$.mood: expected one of [HAPPY, GRUMPY] (Mood) but found a string (\"sad\")");
  }

  @Test
  void mapsAndSetsKeepOrderAndPaths() throws Exception {
    JsonNode node = json("{\"b\":1,\"a\":2,\"odd key\":\"x\"}");
    fails(
        () -> Json.map(node, "$.m", Json::int32),
        "$.m[\"odd key\"]",
        "$.m[\"odd key\"]: expected an integer (int) but found a string (\"x\")");
    Map<String, Integer> m = Json.map(json("{\"b\":1,\"a\":2}"), "$", Json::int32);
    assertThat(m).containsExactly(Map.entry("b", 1), Map.entry("a", 2));
    assertThat(Json.set(json("[3,1,3]"), "$", Json::int32)).containsExactly(3, 1);
    fails(
        () -> Json.list(json("{}"), "$.l", Json::int32),
        "$.l",
        "$.l: expected an array but found an object");
  }

  @Test
  void javaTimeReadersNameTheFormat() {
    assertThat(Json.instant(json("\"2026-01-31T10:15:30Z\""), "$"))
        .isEqualTo(Instant.parse("2026-01-31T10:15:30Z"));
    assertThat(Json.localDateTime(json("\"2026-01-31T10:15\""), "$"))
        .isEqualTo(LocalDateTime.of(2026, 1, 31, 10, 15));
    assertThat(Json.localDateTime(json("\"2026-01-31T10:15:30Z\""), "$"))
        .isEqualTo(LocalDateTime.of(2026, 1, 31, 10, 15, 30));
    assertThat(Json.localTime(json("\"10:15:30+02:00\""), "$")).isEqualTo(LocalTime.of(10, 15, 30));
    fails(
        () -> Json.localDateTime(json("\"2026-01-31 10:15\""), "$.t"),
        "$.t",
        "$.t: expected an ISO-8601 local date-time (e.g. 2026-01-31T10:15:30) but found a string"
            + " (\"2026-01-31 10:15\")");
    assertThat(Json.duration(json("\"PT90S\""), "$")).isEqualTo(Duration.ofSeconds(90));
    fails(
        () -> Json.localDate(json("\"31/01/2026\""), "$.d"),
        "$.d",
        "$.d: expected an ISO-8601 date (e.g. 2026-01-31) but found a string (\"31/01/2026\")");
    fails(
        () -> Json.instant(json("12"), "$.t"),
        "$.t",
        "$.t: expected an ISO-8601 instant string but found a number (12)");
  }

  @Test
  void parseReportsWhereTheTextStopsBeingJson() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,,}"))
        .isInstanceOfSatisfying(
            JsonDecodingException.class, e -> assertThat(e.path()).isEqualTo("$"))
        .hasMessageStartingWith("$: not valid JSON (line 1, column 9)");
    assertThatThrownBy(() -> Json.parse("{} {}")).isInstanceOf(JsonDecodingException.class);
    fails(() -> Json.parse("  "), "$", "$: expected a JSON document but the text is empty");
  }

  @Test
  void unfenceStripsMarkdownFences() {
    assertThat(Json.unfence("```json\n{\"a\":1}\n```")).isEqualTo("{\"a\":1}");
    assertThat(Json.unfence("```\n[1]\n```")).isEqualTo("[1]");
    assertThat(Json.unfence("  {\"a\":\"```\"}  ")).isEqualTo("{\"a\":\"```\"}");
    assertThat(Json.unfence("Sure:\n```json\n{}\n```")).isEqualTo("{}");
  }

  record Forecast(String city, Instant at, Optional<Integer> rain, Optional<Integer> snow) {}

  @Test
  void writeHandlesRecordsOptionalsAndJavaTime() {
    String text =
        Json.write(
            new Forecast(
                "Rome", Instant.parse("2026-01-31T10:15:30Z"), Optional.of(3), Optional.empty()));

    assertThat(text)
        .isEqualTo("{\"city\":\"Rome\",\"at\":\"2026-01-31T10:15:30Z\",\"rain\":3,\"snow\":null}");
    assertThat(Json.write("a \"quote\"")).isEqualTo("\"a \\\"quote\\\"\"");
    assertThat(Json.write(List.of(LocalDate.of(2026, 1, 2)))).isEqualTo("[\"2026-01-02\"]");
  }

  @Test
  void fieldPathQuotesNamesThatAreNotIdentifiers() {
    assertThat(Json.fieldPath("$", "city")).isEqualTo("$.city");
    assertThat(Json.fieldPath("$.a", "x y")).isEqualTo("$.a[\"x y\"]");
    assertThat(Json.indexPath("$.days", 2)).isEqualTo("$.days[2]");
  }
}
