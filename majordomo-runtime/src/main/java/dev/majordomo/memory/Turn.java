package dev.majordomo.memory;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Role;
import java.util.List;
import java.util.Objects;

/**
 * One completed exchange of a conversation, stored as a whole: the user message, then every
 * assistant message that asked for tools with the tool results that answered it, then the final
 * assistant message. A window of history removes whole turns, so it never splits a tool call from
 * its result.
 *
 * @param messages the turn's messages in order; the first is a {@link Role#USER} message
 * @param tokens what the turn costs when sent as history: the provider's count when it reported
 *     usage, else {@link MemoryPolicy#estimateTokens the estimate}; at least 0
 */
public record Turn(List<Message> messages, int tokens) {
  public Turn {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a turn holds at least its user message");
    }
    if (messages.get(0).role() != Role.USER) {
      throw new IllegalArgumentException(
          "a turn starts with a user message, not a " + messages.get(0).role() + " one");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative, was " + tokens);
    }
  }

  /**
   * A turn of {@code messages} whose tokens are {@linkplain MemoryPolicy#estimateTokens estimated}.
   */
  public static Turn of(List<Message> messages) {
    return new Turn(messages, MemoryPolicy.estimateTokens(messages));
  }

  /** How many messages the turn holds. */
  public int size() {
    return messages.size();
  }
}
