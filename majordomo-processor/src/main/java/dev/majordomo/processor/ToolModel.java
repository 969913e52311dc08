package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Tool} method.
 *
 * @param element the method
 * @param name the tool name the model sees
 * @param description what the tool does
 * @param schemaJson the JSON schema of its arguments
 * @param parameters its parameters, in order
 * @param isStatic whether it is a static method
 * @param result how its result becomes text
 */
record ToolModel(
    ExecutableElement element,
    String name,
    String description,
    String schemaJson,
    List<Parameter> parameters,
    boolean isStatic,
    Result result) {
  ToolModel {
    parameters = List.copyOf(parameters);
  }

  enum Result {
    VOID,
    STRING,
    JSON
  }

  record Parameter(String name, Shape shape) {}
}
