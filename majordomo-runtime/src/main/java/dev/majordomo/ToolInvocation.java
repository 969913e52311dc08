package dev.majordomo;

import dev.majordomo.llm.Part;
import java.util.Objects;

/**
 * One tool call the model made during a call, with the result it was given.
 *
 * @param call the call as the model made it (name, arguments, id)
 * @param result what the model was told; {@link Part.ToolResult#isError()} when the tool failed,
 *     did not exist, or got arguments it could not decode
 * @param round the tool round it belongs to, counting from 1: round 1 is the tool calls of the
 *     model's first reply
 */
public record ToolInvocation(Part.ToolCall call, Part.ToolResult result, int round) {
  /**
   * Checks the invocation.
   *
   * @param call the call as the model made it, not null
   * @param result what the model was told, not null
   * @param round the tool round, counting from 1
   * @throws IllegalArgumentException if {@code round} is below 1
   */
  public ToolInvocation {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(result, "result");
    if (round < 1) {
      throw new IllegalArgumentException("round counts from 1, was " + round);
    }
  }
}
