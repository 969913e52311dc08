package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A schema's name is what every provider accepts: {@code [a-zA-Z0-9_-]{1,64}}. */
class ResponseSchemaTest {
  private static final String SCHEMA = "{\"type\":\"object\"}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "Itinerary",
        "plan_v2",
        "my-schema",
        "Z9",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
      })
  void acceptsLettersDigitsUnderscoreAndDashUpTo64(String name) {
    assertThat(new ResponseSchema(name, SCHEMA).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "with space",
        "dot.ted",
        "é",
        "slash/",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-a"
      })
  void rejectsAnythingElseNamingTheName(String name) {
    assertThatThrownBy(() -> new ResponseSchema(name, SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[a-zA-Z0-9_-]{1,64}")
        .hasMessageContaining("'" + name + "'");
  }
}
