package dev.majordomo.internal.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.JsonDecodingException;

/**
 * Turns a parsed JSON reply into the method's return type. For generated code: the processor writes
 * one per structured return type, using the {@link Json} helpers.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface JsonDecoder<T> {
  /**
   * Decodes {@code node}.
   *
   * @throws Exception when the node does not have the expected shape (preferably a {@link
   *     JsonDecodingException} naming the path)
   */
  T decode(JsonNode node) throws Exception;
}
