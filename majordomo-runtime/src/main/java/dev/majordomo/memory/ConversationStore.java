package dev.majordomo.memory;

import java.util.List;

/**
 * Where conversations are kept. Majordomo ships one in memory ({@link InMemoryConversationStore},
 * the default), one over JDBC ({@code majordomo-jdbc}) and one on Redis ({@code majordomo-redis});
 * implement this for another store.
 *
 * <p>A call makes at most one {@link #load} and one {@link #append}, so that a networked store
 * makes one round trip for each. Implementations are thread-safe. Calls on one conversation never
 * overlap within one assistant runtime (it runs them one after the other); a store shared by
 * several processes must make {@link #append} atomic on its own.
 *
 * <p>A conversation id is the text the runtime derives from a {@code @MemoryId} argument, prefixed
 * with the assistant's namespace: {@code "com.acme.SupportDesk/alice"}.
 */
public interface ConversationStore {

  /**
   * The newest turns of a conversation, oldest first: at least every turn that holds one of its
   * newest {@code maxMessages} messages (so the oldest turn returned may make the total exceed
   * {@code maxMessages}), or every turn when there are fewer. Each turn is whole. Empty for a
   * conversation with nothing stored.
   *
   * @param maxMessages at least 1; {@link Integer#MAX_VALUE} for the whole conversation
   */
  List<Turn> load(String conversationId, int maxMessages);

  /** Appends {@code turn} to the conversation, creating it if need be; all of it or nothing. */
  void append(String conversationId, Turn turn);

  /** Deletes the conversation; nothing happens when it holds nothing. */
  void delete(String conversationId);
}
