package dev.majordomo.llm;

import java.util.Objects;

/**
 * A JSON schema the reply must follow (structured output). The schema is JSON text, generated at
 * compile time by the processor; providers send it with their native mechanism.
 *
 * @param name a short identifier for the schema ({@code [a-zA-Z0-9_-]{1,64}})
 * @param json the JSON Schema document, an object
 */
public record ResponseSchema(String name, String json) {
  /**
   * Checks the schema.
   *
   * @param name a short identifier, {@code [a-zA-Z0-9_-]{1,64}}
   * @param json the JSON Schema document, not null
   * @throws IllegalArgumentException if the name does not match
   */
  public ResponseSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "schema name must match [a-zA-Z0-9_-]{1,64}, was '" + name + "'");
    }
  }

  /**
   * Whether {@code name} matches {@code [a-zA-Z0-9_-]{1,64}}. A loop, not a regular expression:
   * every generated assistant creates its schemas when its class loads, and compiling the pattern
   * each time was a visible part of creating a thousand assistants.
   */
  private static boolean isValidName(String name) {
    int length = name.length();
    if (length < 1 || length > 64) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      boolean valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!valid) {
        return false;
      }
    }
    return true;
  }
}
