package dev.majordomo.llm;

import java.util.Objects;

/**
 * What the model is told about a tool.
 *
 * @param name the tool's name, {@code [a-zA-Z0-9_-]{1,64}}
 * @param description what the tool does, for the model
 * @param parametersSchema the JSON Schema (an object) of the tool's arguments
 */
public record ToolDefinition(String name, String description, String parametersSchema) {
  /**
   * Checks the definition.
   *
   * @param name the tool's name, {@code [a-zA-Z0-9_-]{1,64}}
   * @param description what the tool does, not null
   * @param parametersSchema the JSON Schema of the arguments, not null
   * @throws IllegalArgumentException if the name does not match
   */
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersSchema, "parametersSchema");
    if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "tool name must match [a-zA-Z0-9_-]{1,64}, was '" + name + "'");
    }
  }
}
