package dev.majordomo.llm;

/** Something a model may or may not support. */
public enum Capability {
  /** Images in the request. */
  IMAGES,
  /** Tools the model may call. */
  TOOLS,
  /** A reply that follows a JSON schema, enforced by the provider. */
  STRUCTURED_OUTPUT
}
