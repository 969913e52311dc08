package dev.majordomo.llm;

/** Something a model may or may not support. */
public enum Capability {
  IMAGES,
  TOOLS,
  STRUCTURED_OUTPUT
}
