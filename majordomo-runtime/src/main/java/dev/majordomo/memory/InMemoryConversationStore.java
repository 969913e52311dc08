package dev.majordomo.memory;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default store: conversations in this process's memory, lost when it ends. Thread-safe.
 *
 * <p>It is bounded, so that a long-running process that talks with many users does not grow without
 * end:
 *
 * <ul>
 *   <li>at most {@code maxConversations} conversations ({@value #DEFAULT_MAX_CONVERSATIONS} by
 *       default): appending to a new one when the store is full evicts the least recently used,
 *       where loading or appending uses a conversation;
 *   <li>at most {@code maxMessagesPerConversation} messages in each ({@value #DEFAULT_MAX_MESSAGES}
 *       by default): an append that goes beyond drops the conversation's oldest whole turns, never
 *       part of one, so a conversation still starts with a user message and never splits a tool
 *       call from its result. A single turn longer than the bound is kept, alone: dropping it would
 *       lose the answer just given.
 * </ul>
 *
 * <p>{@link #load} costs in proportion to the turns it returns, not to the conversation's length,
 * and hands back the stored turns themselves ({@link Turn} and its messages are immutable) in an
 * unmodifiable list.
 */
public final class InMemoryConversationStore implements ConversationStore {
  /** The most conversations the {@linkplain #InMemoryConversationStore() default store} keeps. */
  public static final int DEFAULT_MAX_CONVERSATIONS = 10_000;

  /** The most messages of each conversation the default store keeps. */
  public static final int DEFAULT_MAX_MESSAGES = 1_000;

  private final int maxConversations;
  private final int maxMessagesPerConversation;

  // One lock for the whole store: every operation under it is a few pointer moves (no copy of a
  // message, no I/O), far shorter than the model call around it, and one lock keeps the LRU order
  // and each conversation's turns consistent without an eviction racing an append.
  private final Object lock = new Object();

  /** In access order: the eldest entry is the least recently used conversation. */
  private final LinkedHashMap<String, Conversation> conversations;

  /**
   * A store of at most {@value #DEFAULT_MAX_CONVERSATIONS} conversations of at most {@value
   * #DEFAULT_MAX_MESSAGES} messages each.
   */
  public InMemoryConversationStore() {
    this(DEFAULT_MAX_CONVERSATIONS, DEFAULT_MAX_MESSAGES);
  }

  private InMemoryConversationStore(int maxConversations, int maxMessagesPerConversation) {
    if (maxConversations < 1) {
      throw new IllegalArgumentException(
          "maxConversations must be at least 1, was " + maxConversations);
    }
    if (maxMessagesPerConversation < 1) {
      throw new IllegalArgumentException(
          "maxMessagesPerConversation must be at least 1, was " + maxMessagesPerConversation);
    }
    this.maxConversations = maxConversations;
    this.maxMessagesPerConversation = maxMessagesPerConversation;
    this.conversations =
        new LinkedHashMap<>(16, 0.75f, /* accessOrder= */ true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Conversation> eldest) {
            return size() > InMemoryConversationStore.this.maxConversations;
          }
        };
  }

  /**
   * A store of at most {@code maxConversations} conversations (the least recently used evicted
   * first) of at most {@code maxMessagesPerConversation} messages each (the oldest whole turns
   * dropped first).
   *
   * @throws IllegalArgumentException when a bound is less than 1
   */
  public static InMemoryConversationStore bounded(
      int maxConversations, int maxMessagesPerConversation) {
    return new InMemoryConversationStore(maxConversations, maxMessagesPerConversation);
  }

  /** The most conversations this store keeps. */
  public int maxConversations() {
    return maxConversations;
  }

  /** The most messages this store keeps of each conversation, unless its newest turn is longer. */
  public int maxMessagesPerConversation() {
    return maxMessagesPerConversation;
  }

  @Override
  public List<Turn> load(String conversationId, int maxMessages) {
    checkId(conversationId);
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
    }
    synchronized (lock) {
      Conversation conversation = conversations.get(conversationId);
      return conversation == null ? List.of() : conversation.newest(maxMessages);
    }
  }

  @Override
  public void append(String conversationId, Turn turn) {
    checkId(conversationId);
    Objects.requireNonNull(turn, "turn");
    synchronized (lock) {
      conversations
          .computeIfAbsent(conversationId, id -> new Conversation())
          .append(turn, maxMessagesPerConversation);
    }
  }

  @Override
  public void delete(String conversationId) {
    checkId(conversationId);
    synchronized (lock) {
      conversations.remove(conversationId);
    }
  }

  @Override
  public String toString() {
    return "InMemoryConversationStore{maxConversations="
        + maxConversations
        + ", maxMessagesPerConversation="
        + maxMessagesPerConversation
        + "}";
  }

  private static void checkId(String conversationId) {
    if (conversationId == null) {
      throw new IllegalArgumentException("conversationId must not be null");
    }
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("conversationId must not be blank");
    }
  }

  /** One conversation's turns, oldest first. Guarded by the store's lock. */
  private static final class Conversation {
    private final ArrayDeque<Turn> turns = new ArrayDeque<>();
    private long messages;

    void append(Turn turn, int maxMessages) {
      turns.addLast(turn);
      messages += turn.size();
      while (messages > maxMessages && turns.size() > 1) {
        messages -= turns.removeFirst().size();
      }
    }

    /** The newest turns holding the newest {@code maxMessages} messages, walking back. */
    List<Turn> newest(int maxMessages) {
      if (maxMessages >= messages) {
        return Collections.unmodifiableList(Arrays.asList(turns.toArray(new Turn[0])));
      }
      Turn[] newestFirst = new Turn[Math.min(maxMessages, turns.size())];
      int count = 0;
      int covered = 0;
      Iterator<Turn> back = turns.descendingIterator();
      while (covered < maxMessages) {
        Turn turn = back.next();
        newestFirst[count++] = turn;
        covered += turn.size();
      }
      Turn[] oldestFirst = new Turn[count];
      for (int i = 0; i < count; i++) {
        oldestFirst[i] = newestFirst[count - 1 - i];
      }
      return Collections.unmodifiableList(Arrays.asList(oldestFirst));
    }
  }
}
