package dev.majordomo.redis;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.Turn;
import java.util.List;

/**
 * Conversations in Redis, shared by every instance of a service. A first version: not usable yet,
 * every method throws.
 */
public final class RedisConversationStore implements ConversationStore {
  private RedisConversationStore() {}

  @Override
  public List<Turn> load(String conversationId, int maxMessages) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void append(String conversationId, Turn turn) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  @Override
  public void delete(String conversationId) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
