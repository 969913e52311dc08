package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A class whose {@code @Tool} methods become tools, or the assistant interface itself (for its
 * default methods).
 *
 * @param element the tool class, or the assistant interface when {@code self}
 * @param self whether the tools are default methods of the assistant (they run on {@code this})
 * @param needsInstance whether any tool is an instance method
 * @param constructible whether generated code can call a no-arg constructor when the user gives no
 *     instance
 * @param tools the tools, in declaration order
 */
record ToolSource(
    TypeElement element,
    boolean self,
    boolean needsInstance,
    boolean constructible,
    List<ToolModel> tools) {
  ToolSource {
    tools = List.copyOf(tools);
  }
}
