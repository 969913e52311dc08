package dev.majordomo.llm;

/** Who speaks a {@link Message}. */
public enum Role {
  /** Instructions to the model. */
  SYSTEM,
  /** The user. */
  USER,
  /** The model. */
  ASSISTANT,
  /** The results of tool calls, answered back to the model. */
  TOOL
}
