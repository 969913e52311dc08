package dev.majordomo.internal.assistant;

import java.util.UUID;

/**
 * The text of a conversation id, the one place that decides which values name a conversation: a
 * {@code String}, a {@code UUID}, a {@code Long}, an {@code Integer} (their {@code toString()}) or
 * an enum constant (its {@code name()}, which a {@code toString()} override cannot change). Other
 * types are refused because their text may change between releases or runs, and the conversation
 * would be lost.
 */
final class ConversationIds {
  private ConversationIds() {}

  /**
   * The text of {@code id}.
   *
   * @param where what passed the id, for messages: {@code "SupportDesk.answer, parameter customer"}
   * @throws IllegalArgumentException when {@code id} is {@code null}, blank, or of another type;
   *     the message names {@code where} and the type, never the value
   */
  static String text(Object id, String where) {
    if (id == null) {
      throw new IllegalArgumentException(
          where + ": the conversation id is null; pass the id of the conversation to continue");
    }
    String text;
    if (id instanceof String s) {
      text = s;
    } else if (id instanceof UUID || id instanceof Long || id instanceof Integer) {
      text = id.toString();
    } else if (id instanceof Enum<?> e) {
      text = e.name();
    } else {
      throw new IllegalArgumentException(
          where
              + ": a conversation id is a String, UUID, Long, Integer or enum constant, not a "
              + id.getClass().getName());
    }
    if (text.isBlank()) {
      // Every caller without an id of its own would share one conversation.
      throw new IllegalArgumentException(where + ": the conversation id is blank");
    }
    return text;
  }
}
