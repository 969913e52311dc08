package dev.majordomo.internal.assistant;

import dev.majordomo.MajordomoException;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.memory.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The conversation of one call: it waits for the conversation's lock, loads the history the policy
 * lets the call send, and on success appends the call's turn, once. Whatever ends the call first,
 * success ({@link #finish}) or anything else ({@link #abandon}, from any thread), releases the
 * lock, and a call abandoned stores nothing.
 */
final class Conversation {
  private final MethodPlan plan;
  private final ConversationStore store;
  private final String key;
  private final MemoryPolicy policy;
  private ConversationLocks.Permit permit;
  private boolean ended;

  private Conversation(MethodPlan plan, ConversationStore store, String key, MemoryPolicy policy) {
    this.plan = plan;
    this.store = store;
    this.key = key;
    this.policy = policy;
  }

  /**
   * The conversation's id, as its {@code @MemoryId} argument reads ({@code key} less the namespace,
   * which holds no {@code "/"}). For observers, which may export it; never in messages.
   */
  String id() {
    return key.substring(key.indexOf('/') + 1);
  }

  /**
   * The conversation {@code prompt} continues, or {@code null} when {@code plan} keeps none.
   *
   * @throws IllegalArgumentException when the id is {@code null} or of a type an id cannot have
   */
  static Conversation of(ConversationMemory memory, MethodPlan plan, CallPrompt prompt) {
    if (plan.memoryId() == null) {
      return null;
    }
    String where = plan.qualifiedName() + ", parameter " + plan.memoryId();
    String key = memory.key(prompt.conversation(), where);
    return new Conversation(plan, memory.store(), key, memory.policy(plan));
  }

  /**
   * Waits until no other call of this conversation runs, then loads the history to send: the
   * policy's window of the stored turns, oldest first.
   *
   * @throws ChainCancelledException when the thread is interrupted or the call cancelled while
   *     waiting (the interrupt flag is kept) or when {@link #abandon} ran first
   * @throws MajordomoException when this thread already holds the conversation: a tool, run by the
   *     call that holds it, called back into it, and would wait for that call for ever
   */
  List<Message> begin() {
    if (ConversationLocks.SHARED.heldByCurrentThread(store, key)) {
      // never the id: it may be personal data
      throw new MajordomoException(
          plan.qualifiedName()
              + ": conversation (parameter "
              + plan.memoryId()
              + ") is already in use by this thread: a tool called back into the same"
              + " conversation, which would wait for ever for the call that runs the tool. Use"
              + " another conversation id in the tool, or no @MemoryId.");
    }
    ConversationLocks.Permit acquired;
    try {
      acquired = ConversationLocks.SHARED.acquire(store, key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled("interrupted while waiting for the previous call of its conversation");
    } catch (CancellationException e) {
      throw cancelled("cancelled while waiting for the previous call of its conversation");
    }
    synchronized (this) {
      if (ended) {
        acquired.release();
        throw cancelled("cancelled while waiting for the previous call of its conversation");
      }
      permit = acquired;
    }
    List<Turn> window = policy.window(store.load(key, policy.maxMessages()));
    int size = 0;
    for (Turn turn : window) {
      size += turn.size();
    }
    // sized once: a thousand messages would otherwise grow the list a dozen times, copying it
    List<Message> history = new ArrayList<>(size);
    for (Turn turn : window) {
      history.addAll(turn.messages());
    }
    return history;
  }

  /**
   * Appends {@code turn} and releases the lock, unless the call was abandoned or cancelled first.
   *
   * @throws ChainCancelledException when the call was cancelled before its turn was stored
   */
  void finish(Turn turn) {
    synchronized (this) {
      if (ended) {
        return;
      }
      try {
        if (Thread.currentThread().isInterrupted() || Cancellation.current().isCancelled()) {
          throw cancelled("cancelled before its turn was stored");
        }
        store.append(key, turn);
      } finally {
        end();
      }
    }
  }

  /**
   * Ends the call without storing anything; from any thread, any number of times.
   *
   * @return whether this released the conversation's lock (held, not yet released)
   */
  synchronized boolean abandon() {
    return end();
  }

  private boolean end() {
    ended = true;
    if (permit != null) {
      permit.release();
      permit = null;
      return true;
    }
    return false;
  }

  private ChainCancelledException cancelled(String what) {
    return new ChainCancelledException(
        List.of(),
        LlmException.builder(ErrorKind.CANCELLED, plan.qualifiedName() + ": " + what).build());
  }
}
