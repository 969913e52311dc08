package dev.majordomo.internal.assistant;

import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolDefinition;
import java.util.Objects;

/**
 * A tool whose invocation calls the user's method directly. For generated code: one shared type
 * here, rather than a nested record in every generated class, keeps the generated code small and
 * cheap to compile.
 *
 * @param definition the tool's name, description and parameter schema
 * @param invoker decodes the arguments and calls the user's method
 */
public record GeneratedTool(ToolDefinition definition, Invoker invoker) implements ExecutableTool {
  public GeneratedTool {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(invoker, "invoker");
  }

  /** Decodes a tool call's arguments and runs the user's method. */
  @FunctionalInterface
  public interface Invoker {
    /**
     * Runs the tool.
     *
     * @param arguments the arguments as the model produced them, a JSON object
     * @return the result text handed back to the model
     */
    String invoke(String arguments) throws Exception;
  }

  @Override
  public String invoke(String arguments) throws Exception {
    return invoker.invoke(arguments);
  }
}
