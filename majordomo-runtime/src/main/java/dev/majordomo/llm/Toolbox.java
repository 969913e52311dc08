package dev.majordomo.llm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools available to one call, by name. {@link #execute} never throws: an unknown tool, a tool
 * that throws, or bad arguments each become an error result the model can read and correct.
 */
public final class Toolbox {
  private static final Toolbox EMPTY = new Toolbox(Map.of());

  private final Map<String, ExecutableTool> tools;

  private Toolbox(Map<String, ExecutableTool> tools) {
    this.tools = tools;
  }

  /** {@return a toolbox without tools} */
  public static Toolbox empty() {
    return EMPTY;
  }

  /**
   * A toolbox of {@code tools}; two tools with the same name are an error.
   *
   * @param tools the tools
   * @return the toolbox
   * @throws IllegalArgumentException if two tools share a name
   */
  public static Toolbox of(ExecutableTool... tools) {
    return of(List.of(tools));
  }

  /**
   * A toolbox of {@code tools}; two tools with the same name are an error.
   *
   * @param tools the tools, in the order the model sees them
   * @return the toolbox
   * @throws IllegalArgumentException if two tools share a name
   */
  public static Toolbox of(Collection<? extends ExecutableTool> tools) {
    Map<String, ExecutableTool> byName = new LinkedHashMap<>();
    for (ExecutableTool tool : tools) {
      String name = tool.definition().name();
      if (byName.putIfAbsent(name, tool) != null) {
        throw new IllegalArgumentException("two tools are named '" + name + "'");
      }
    }
    // Insertion order: the model sees the tools in a stable order, which keeps prompt caches warm.
    return new Toolbox(java.util.Collections.unmodifiableMap(byName));
  }

  /**
   * {@return this toolbox and {@code other} together}; a name in both is an error.
   *
   * @param other the tools to add
   * @throws IllegalArgumentException if a name is in both
   */
  public Toolbox with(Toolbox other) {
    List<ExecutableTool> all = new ArrayList<>(tools.values());
    all.addAll(other.tools.values());
    return of(all);
  }

  /** {@return whether there is no tool} */
  public boolean isEmpty() {
    return tools.isEmpty();
  }

  /** {@return what the model is told about each tool, in order} */
  public List<ToolDefinition> definitions() {
    if (tools.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> all = new ArrayList<>(tools.size());
    for (ExecutableTool tool : tools.values()) {
      all.add(tool.definition());
    }
    return Collections.unmodifiableList(all);
  }

  /**
   * Runs one call through {@link ExecutableTool#run}: a {@linkplain ToolOutput#isError() failed}
   * output becomes an error result, images stay with the result. Never throws, except that an
   * interrupt is kept as the thread's status.
   *
   * @param call the call the model asked for
   * @return the tool's result, or an error result the model can read
   */
  public Part.ToolResult execute(Part.ToolCall call) {
    ExecutableTool tool = tools.get(call.name());
    if (tool == null) {
      return Part.ToolResult.error(
          call,
          "there is no tool named '"
              + call.name()
              + "'. Available tools: "
              + String.join(", ", tools.keySet().stream().sorted().toList())
              + ".");
    }
    try {
      ToolOutput output = tool.run(call.argumentsJson());
      if (output == null) {
        return Part.ToolResult.success(call, "null");
      }
      Part.ToolResult result =
          output.isError()
              ? Part.ToolResult.error(call, output.text())
              : Part.ToolResult.success(call, output.text());
      return output.images().isEmpty() ? result : result.withImages(output.images());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Part.ToolResult.error(call, "the tool was interrupted.");
    } catch (Exception | LinkageError | AssertionError e) {
      String message = e.getMessage();
      return Part.ToolResult.error(
          call,
          "tool '"
              + call.name()
              + "' failed: "
              + e.getClass().getSimpleName()
              + (message == null ? "" : ": " + message));
    }
  }
}
