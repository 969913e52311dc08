package dev.majordomo.processor;

import javax.lang.model.type.TypeMirror;

/**
 * What an assistant method returns.
 *
 * @param kind how the call is made
 * @param reply whether the method returns {@code Reply<T>} (possibly inside a future)
 * @param async whether the method returns a {@code CompletableFuture}
 * @param valueType the decoded value type {@code T} (String for text; null for streams)
 * @param shape the JSON shape of {@code T} for structured output, else null
 * @param schemaName the {@code ResponseSchema} name for structured output, else null
 * @param schemaJson the schema for structured output, else null
 */
record ReturnModel(
    Kind kind,
    boolean reply,
    boolean async,
    TypeMirror valueType,
    Shape shape,
    String schemaName,
    String schemaJson) {

  enum Kind {
    TEXT,
    STRUCTURED,
    STREAM_TEXT,
    STREAM_EVENTS
  }
}
