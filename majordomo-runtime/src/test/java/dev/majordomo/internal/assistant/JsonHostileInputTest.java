package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.JsonDecodingException;
import org.junit.jupiter.api.Test;

/** What a model that replies with hostile JSON gets from the strict readers: a typed error. */
class JsonHostileInputTest {

  private static void fails(Runnable call, String path, String messageStart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            JsonDecodingException.class, e -> assertThat(e.path()).isEqualTo(path))
        .hasMessageStartingWith(messageStart);
  }

  @Test
  void anExponentBeyondAnyIntegerIsOutOfRangeNotAnArithmeticError() {
    // precision minus scale overflowed an int and slipped past the digit limit
    fails(
        () -> Json.int32(Json.parse("1E+2147483647"), "$.n"),
        "$.n",
        "$.n: 1E+2147483647 is out of range for int");
    fails(
        () -> Json.int64(Json.parse("-1e2147483647"), "$.n"),
        "$.n",
        "$.n: -1E+2147483647 is out of range for long");
    fails(
        () -> Json.bigInteger(Json.parse("1E+2147483647"), "$.n"),
        "$.n",
        "$.n: 1E+2147483647 is out of range for an integer of at most 1000 digits");
  }

  @Test
  void aKeyRepeatedInTheEntryFormOfAMapIsAnErrorNotALastOneWins() {
    fails(
        () ->
            Json.map(
                Json.parse(
                    "[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2},"
                        + "{\"key\":\"a\",\"value\":3}]"),
                "$.m",
                Json::int32),
        "$.m[2].key",
        "$.m[2].key: duplicate key \"a\" (already at $.m[0])");
  }

  @Test
  void aFieldRepeatedInAnObjectIsAnErrorNotALastOneWins() {
    // {"value": 1, "value": 2}: the tree would keep 2 and hide that the reply said 1
    fails(
        () -> Json.parse("{\"value\":1,\"value\":2}"),
        "$",
        "$: not valid JSON (line 1, column 19): Duplicate field 'value'");
    fails(
        () -> Json.parse("{\"a\":{\"b\":1,\"b\":1}}"),
        "$",
        "$: not valid JSON (line 1, column 16): Duplicate field 'b'");
  }
}
