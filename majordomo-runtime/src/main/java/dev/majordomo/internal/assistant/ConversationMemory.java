package dev.majordomo.internal.assistant;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where one assistant keeps its conversations: the store, the policy its methods inherit, and the
 * namespace that prefixes its conversation keys. For {@code dev.majordomo.Assistants}; the store is
 * obtained on the first call that keeps a conversation, so an assistant without chat memory never
 * creates one.
 */
public final class ConversationMemory {
  private final Supplier<? extends ConversationStore> storeFactory;
  private final MemoryPolicy policy;
  private final String namespace;
  private volatile ConversationStore store;

  /**
   * @param store gives the store on first use (called at most once)
   * @param policy the limits a method inherits when its {@code @Llm} sets none
   * @param namespace prefixes every key: {@code namespace + "/" + id}
   * @throws IllegalArgumentException when {@code namespace} is blank or contains {@code "/"}
   */
  public ConversationMemory(
      Supplier<? extends ConversationStore> store, MemoryPolicy policy, String namespace) {
    this.storeFactory = Objects.requireNonNull(store, "store");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.namespace = checkNamespace(namespace);
  }

  /** The memory of an assistant built without one: its own in-memory store, the default policy. */
  static ConversationMemory standalone(Class<?> assistant) {
    return new ConversationMemory(
        InMemoryConversationStore::new, MemoryPolicy.DEFAULT, assistant.getName());
  }

  /**
   * {@code namespace} when it can prefix a conversation key: not blank and without {@code "/"}, the
   * separator between the namespace and the id.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static String checkNamespace(String namespace) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("a conversation namespace must not be blank");
    }
    if (namespace.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "a conversation namespace must not contain '/' (it separates the namespace from the"
              + " id): '"
              + namespace
              + "'");
    }
    return namespace;
  }

  ConversationStore store() {
    ConversationStore s = store;
    if (s == null) {
      synchronized (this) {
        s = store;
        if (s == null) {
          s = Objects.requireNonNull(storeFactory.get(), "the conversation store is null");
          store = s;
        }
      }
    }
    return s;
  }

  /** The key of the conversation {@code id}; {@code where} names the caller in messages. */
  String key(Object id, String where) {
    return namespace + "/" + ConversationIds.text(id, where);
  }

  /** The policy of {@code plan}: each of its limits that it sets, else this memory's. */
  MemoryPolicy policy(MethodPlan plan) {
    MemoryPolicy p = policy;
    if (plan.maxHistoryMessages() > 0) {
      p = p.withMaxMessages(plan.maxHistoryMessages());
    }
    if (plan.maxHistoryTokens() > 0) {
      p = p.withMaxTokens(plan.maxHistoryTokens());
    }
    return p;
  }

  MemoryPolicy policy() {
    return policy;
  }

  String namespace() {
    return namespace;
  }
}
