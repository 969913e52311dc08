package dev.majordomo.llm;

/** Why the model stopped. */
public enum FinishReason {
  /** A natural end, or a stop sequence. */
  STOP,
  /** The output token limit was reached. */
  LENGTH,
  /** The model asks for tool calls. */
  TOOL_CALLS,
  /** The provider filtered the content. */
  CONTENT_FILTER,
  /** Anything else the provider reported. */
  OTHER
}
