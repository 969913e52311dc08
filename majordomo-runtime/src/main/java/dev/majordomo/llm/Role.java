package dev.majordomo.llm;

/** Who speaks a {@link Message}. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  /** The results of tool calls, answered back to the model. */
  TOOL
}
