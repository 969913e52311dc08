package dev.majordomo.llm;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A JSON schema the reply must follow (structured output). The schema is JSON text, generated at
 * compile time by the processor; providers send it with their native mechanism.
 *
 * @param name a short identifier for the schema ({@code [a-zA-Z0-9_-]{1,64}})
 * @param json the JSON Schema document, an object
 */
public record ResponseSchema(String name, String json) {
  // Compiled once: every generated assistant creates its schemas when its class loads.
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

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
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "schema name must match [a-zA-Z0-9_-]{1,64}, was '" + name + "'");
    }
  }
}
