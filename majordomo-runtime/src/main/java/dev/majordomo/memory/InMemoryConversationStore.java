package dev.majordomo.memory;

import java.util.List;

/**
 * The default store: conversations in this process's memory, lost when it ends. Thread-safe. It
 * keeps at most {@link #DEFAULT_MAX_CONVERSATIONS} conversations, evicting the least recently used,
 * and at most {@link #DEFAULT_MAX_MESSAGES} messages of each, dropping its oldest whole turns.
 */
public final class InMemoryConversationStore implements ConversationStore {
  public static final int DEFAULT_MAX_CONVERSATIONS = 10_000;
  public static final int DEFAULT_MAX_MESSAGES = 1_000;

  // Placeholder written with the contract; the memory-core branch replaces the body.
  public InMemoryConversationStore() {
    throw new UnsupportedOperationException("not yet built");
  }

  @Override
  public List<Turn> load(String conversationId, int maxMessages) {
    throw new UnsupportedOperationException("not yet built");
  }

  @Override
  public void append(String conversationId, Turn turn) {
    throw new UnsupportedOperationException("not yet built");
  }

  @Override
  public void delete(String conversationId) {
    throw new UnsupportedOperationException("not yet built");
  }
}
