package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pure pieces: template parsing, names, durations, JSON text. */
class UnitsTest {

  @Test
  void templatesSplitIntoLiteralsAndVariables() {
    Template.Parsed p = Template.parse("Hi {{ name }}, see {{trip.city.name}}}} and }} {x}");
    assertThat(p.problem()).isNull();
    assertThat(p.template().segments())
        .containsExactly(
            new Template.Literal("Hi "),
            new Template.Variable("name", List.of(), "name", 3),
            new Template.Literal(", see "),
            new Template.Variable("trip", List.of("city", "name"), "trip.city.name", 19),
            new Template.Literal("}} and }} {x}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Hi {{name           | UNCLOSED_TEMPLATE_VARIABLE  | 3",
        "{{a}} {{            | UNCLOSED_TEMPLATE_VARIABLE  | 6",
        "Hi {{}}             | MALFORMED_TEMPLATE_VARIABLE | 3",
        "Hi {{a b}}          | MALFORMED_TEMPLATE_VARIABLE | 3",
        "Hi {{a.}}           | MALFORMED_TEMPLATE_VARIABLE | 3",
        "Hi {{.a}}           | MALFORMED_TEMPLATE_VARIABLE | 3",
        "Hi {{a-b}}          | MALFORMED_TEMPLATE_VARIABLE | 3",
      })
  void templateProblemsCarryTheirIndex(String text, Diagnostic diagnostic, int index) {
    Template.Problem problem = Template.parse(text.strip()).problem();
    assertThat(problem).isNotNull();
    assertThat(problem.diagnostic()).isEqualTo(diagnostic);
    assertThat(problem.index()).isEqualTo(index);
  }

  @Test
  void aTemplateWithoutVariablesIsOneLiteral() {
    assertThat(Template.parse("plain").template().segments())
        .containsExactly(new Template.Literal("plain"));
    assertThat(Template.parse("").template().segments()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "citty    | city, country   | ' Did you mean ''city''?'",
        "cty      | city            | ' Did you mean ''city''?'",
        "Language | language, city  | ' Did you mean ''language''?'",
        "age      | name, adult     | ''",
        "weather  | city            | ''",
      })
  void suggestionsOnlyForCloseNames(String name, String candidates, String expected) {
    assertThat(Names.suggestion(name, List.of(candidates.split(",\\s*")))).isEqualTo(expected);
  }

  @Test
  void levenshtein() {
    assertThat(Names.levenshtein("kitten", "sitting")).isEqualTo(3);
    assertThat(Names.levenshtein("", "abc")).isEqualTo(3);
    assertThat(Names.levenshtein("same", "same")).isZero();
  }

  @Test
  void constantNames() {
    assertThat(Names.constant("planTrip")).isEqualTo("PLAN_TRIP");
    assertThat(Names.constant("getURL")).isEqualTo("GET_URL");
    assertThat(Names.constant("record-visit")).isEqualTo("RECORD_VISIT");
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "PT1M30S, PT1M30S"})
  void durations(String text, String iso) {
    assertThat(OptionsReader.duration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"soon", "0s", "-1s", "10", "1d", "PT-1S", "P", "30 s", "30S", " 30s", "1H"})
  void badDurations(String text) {
    assertThat(OptionsReader.duration(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9223372036854775807m", "PT2562048H"})
  void durationsBeyondALongOfNanosecondsAreTooLong(String text) {
    assertThat(OptionsReader.duration(text)).isSameAs(OptionsReader.TOO_LONG);
  }

  @Test
  void jsonTextEscapesAndKeepsOrder() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("b", "quote \" back \\ nl \n tab \t ctl \u0001");
    m.put("a", List.of(1, true, false));
    m.put("n", null);
    assertThat(JsonText.write(m))
        .isEqualTo(
            "{\"b\":\"quote \\\" back \\\\ nl \\n tab \\t ctl \\u0001\",\"a\":[1,true,false],\"n\":null}");
  }

  @Test
  void longJsonLiteralsBreakAfterCommasWithinTheirWidth() {
    String json = "{\"a\":1,".repeat(20) + "}";
    List<String> pieces = StringLiterals.split(json, 40, 30, StringLiterals.Breaks.JSON);
    assertThat(String.join("", pieces)).isEqualTo(json);
    assertThat(pieces).hasSizeGreaterThan(2);
    assertThat(pieces.subList(0, pieces.size() - 1)).allMatch(p -> p.endsWith(","));
    assertThat(StringLiterals.width(pieces.get(0))).isLessThanOrEqualTo(40 + 2);
    assertThat(pieces.subList(1, pieces.size())).allMatch(p -> StringLiterals.width(p) <= 30 + 2);
  }

  @Test
  void longProseBreaksAtWordsAndAfterEveryLineBreak() {
    String text = "one two three four five six seven eight nine ten\nSecond line.";
    List<String> pieces = StringLiterals.split(text, 20, 20, StringLiterals.Breaks.PROSE);
    assertThat(pieces)
        .containsExactly(
            "one two three four ", "five six seven ", "eight nine ten\n", "Second line.");
  }

  @Test
  void aPieceNeverEndsInsideAnEscapeOrASurrogatePair() {
    String text = "\"\"\"\"\ud83d\ude00\ud83d\ude00\ud83d\ude00";
    List<String> pieces = StringLiterals.split(text, 7, 7, StringLiterals.Breaks.PROSE);
    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces)
        .allMatch(p -> !Character.isHighSurrogate(p.charAt(p.length() - 1)))
        .allMatch(p -> StringLiterals.width(p) <= 7 + 2 || p.length() <= 2);
    assertThat(StringLiterals.of("\ud83d\u00e0\u2028").toString())
        .isEqualTo("\"\\ud83d\\u00e0\\u2028\"");
  }

  @Test
  void aSurrogatePairThatDoesNotFitGoesWholeToTheNextPiece() {
    // each half escapes to 6 columns: a pair must fit as 12, not be let past the limit by 5
    String text = "\ud83d\ude00".repeat(30);
    for (StringLiterals.Breaks breaks : StringLiterals.Breaks.values()) {
      List<String> pieces = StringLiterals.split(text, 30, 30, breaks);
      assertThat(String.join("", pieces)).isEqualTo(text);
      assertThat(pieces).allMatch(p -> StringLiterals.width(p) <= 30 + 2, "width at most 32");
    }
  }
}
