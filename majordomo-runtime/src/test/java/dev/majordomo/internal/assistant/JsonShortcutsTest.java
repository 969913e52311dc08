package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.JsonDecodingException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts generated code calls instead of {@code requiredField} or {@code optionalField} with
 * a decoder ({@code requiredString(n, p, "x")} for {@code requiredField(n, p, "x", Json::string)},
 * ...): the same value, and the same error with the same path, for every input.
 */
class JsonShortcutsTest {
  enum Mood {
    CALM,
    BUSY
  }

  /** Values of every JSON kind, and none: each shortcut meets each of them in field {@code x}. */
  private static final List<String> OBJECTS =
      List.of(
          "{}",
          "{\"x\":null}",
          "{\"x\":\"calm\"}",
          "{\"x\":\"BUSY\"}",
          "{\"x\":\"text\"}",
          "{\"x\":7}",
          "{\"x\":-3000000000}",
          "{\"x\":2.5}",
          "{\"x\":1e400}",
          "{\"x\":true}",
          "{\"x\":[]}",
          "{\"x\":[\"a\",\"b\"]}",
          "{\"x\":[1,\"b\"]}",
          "{\"x\":{\"k\":\"v\"}}",
          "{\"x\":[{\"key\":\"k\",\"value\":\"v\"},{\"key\":\"k\",\"value\":\"w\"}]}",
          "[1]",
          "\"not an object\"");

  @Test
  void eachShortcutDecodesAndFailsExactlyAsRequiredFieldWithItsDecoder() {
    for (String text : OBJECTS) {
      JsonNode n = Json.parse(text);
      String p = "$.a";
      same(
          text,
          o -> Json.requiredString(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::string),
          n);
      same(
          text,
          o -> Json.requiredInt32(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::int32),
          n);
      same(
          text,
          o -> Json.requiredInt64(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::int64),
          n);
      same(
          text,
          o -> Json.requiredFloat64(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::float64),
          n);
      same(
          text,
          o -> Json.requiredBool(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::bool),
          n);
      same(
          text,
          o -> Json.requiredStringList(o, p, "x"),
          o -> Json.requiredField(o, p, "x", Json::stringList),
          n);
      same(
          text,
          o -> Json.optionalString(o, p, "x"),
          o -> Json.optionalField(o, p, "x", Json::string),
          n);
      same(
          text,
          o -> Json.requiredList(o, p, "x", Json::string),
          o -> Json.requiredField(o, p, "x", (v, vp) -> Json.list(v, vp, Json::string)),
          n);
      same(
          text,
          o -> Json.requiredSet(o, p, "x", Json::string),
          o -> Json.requiredField(o, p, "x", (v, vp) -> Json.set(v, vp, Json::string)),
          n);
      same(
          text,
          o -> Json.requiredMap(o, p, "x", Json::string),
          o -> Json.requiredField(o, p, "x", (v, vp) -> Json.map(v, vp, Json::string)),
          n);
      same(
          text,
          o -> Json.requiredEnum(o, p, "x", Mood.class),
          o -> Json.requiredField(o, p, "x", (v, vp) -> Json.enumValue(v, vp, Mood.class)),
          n);
    }
  }

  @Test
  void theReplyDecodersForAnObjectAndAnEnumMatchTheirLongForms() throws Exception {
    ReplyDecoder<String> object = ReplyDecoder.jsonObject((n, p) -> Json.requiredString(n, p, "x"));
    ReplyDecoder<String> longObject = ReplyDecoder.json(n -> Json.requiredString(n, "$", "x"));
    ReplyDecoder<Mood> enumeration = ReplyDecoder.jsonEnum(Mood.class);
    ReplyDecoder<Mood> longEnumeration =
        ReplyDecoder.jsonValue((n, p) -> Json.enumValue(n, p, Mood.class));
    for (String text :
        List.of("{\"x\":\"a\"}", "```json\n{\"x\":\"a\"}\n```", "{\"value\":\"calm\"}", "{}")) {
      assertThat(outcome(text, object)).isEqualTo(outcome(text, longObject));
      assertThat(outcome(text, enumeration)).isEqualTo(outcome(text, longEnumeration));
    }
    assertThat(object.decode("{\"x\":\"a\"}")).isEqualTo("a");
    assertThat(enumeration.decode("{\"value\":\"calm\"}")).isEqualTo(Mood.CALM);
  }

  private static Object outcome(String text, ReplyDecoder<?> decoder) {
    try {
      return decoder.decode(text);
    } catch (Exception e) {
      return e.getClass() + ": " + e.getMessage();
    }
  }

  private static void same(
      String text, Function<JsonNode, ?> shortcut, Function<JsonNode, ?> longForm, JsonNode n) {
    Object expected = result(longForm, n);
    assertThat(result(shortcut, n)).as(text).isEqualTo(expected);
  }

  /** The value, or the error's type, path and message. */
  private static Object result(Function<JsonNode, ?> decode, JsonNode n) {
    Throwable error = catchThrowable(() -> decode.apply(n));
    if (error == null) {
      return Optional.ofNullable(decode.apply(n)).map(Json::write).orElse("null");
    }
    String path = error instanceof JsonDecodingException e ? e.path() : "-";
    return error.getClass().getName() + " at " + path + ": " + Objects.toString(error.getMessage());
  }
}
