package dev.majordomo;

import java.util.List;

/**
 * The model kept asking for tools after the method's {@code maxToolRounds} rounds. The message
 * summarises the rounds (tool names and shortened results, never the arguments); {@link
 * #toolCalls()} has the whole transcript.
 */
public final class ToolRoundsExceededException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the limit that was reached
   */
  private final int maxToolRounds;

  private final transient List<ToolInvocation> toolCalls;

  /**
   * Creates the exception.
   *
   * @param message a summary of the rounds, without arguments
   * @param maxToolRounds the limit that was reached
   * @param toolCalls every tool call that ran
   */
  public ToolRoundsExceededException(
      String message, int maxToolRounds, List<ToolInvocation> toolCalls) {
    super(message);
    this.maxToolRounds = maxToolRounds;
    this.toolCalls = List.copyOf(toolCalls);
  }

  /** {@return the limit that was reached} */
  public int maxToolRounds() {
    return maxToolRounds;
  }

  /** {@return every tool call that ran before the limit was reached, with its result and round} */
  public List<ToolInvocation> toolCalls() {
    return toolCalls == null ? List.of() : toolCalls;
  }
}
