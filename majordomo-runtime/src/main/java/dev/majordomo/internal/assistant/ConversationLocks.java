package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.memory.ConversationStore;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per conversation of a store, so that the calls of one conversation run one after the
 * other and their turns never interleave, whichever assistant runtime makes them. Keyed by the
 * store's identity (two stores may hold the same key for different conversations) and the key.
 *
 * <p>A lock is a permit, not an owner thread: a stream takes it on the thread that opens it and may
 * release it on another that closes it. Waiters are served first come, first served, so a waiting
 * call is not starved. An entry exists only while a call holds or waits for its lock.
 *
 * <p>Each lock also remembers the thread that took it (until it is released or handed over), so
 * that a call can tell that its own thread already holds its conversation: a tool that calls back
 * into the conversation of the call running it would otherwise wait for that call for ever.
 */
final class ConversationLocks {
  /** The locks of the process: every runtime that uses a store shares its conversations' locks. */
  static final ConversationLocks SHARED = new ConversationLocks();

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /** A held lock. */
  interface Permit {
    /** Releases the lock; later calls do nothing. */
    void release();
  }

  /**
   * Waits for the lock of {@code key} in {@code store}. The wait ends early when the thread is
   * interrupted or the thread's {@link Cancellation#current() cancellation} fires.
   *
   * @throws InterruptedException when interrupted while waiting (the lock is not held)
   * @throws CancellationException when cancelled while waiting (the lock is not held)
   */
  Permit acquire(ConversationStore store, String key) throws InterruptedException {
    Key k = new Key(store, key);
    Entry entry = entries.compute(k, (ignored, e) -> (e == null ? new Entry() : e).use());
    CompletableFuture<Void> turn;
    synchronized (entry) {
      if (!entry.held) {
        entry.held = true;
        entry.owner = Thread.currentThread();
        return permit(k, entry);
      }
      turn = new CompletableFuture<>();
      entry.waiters.add(turn);
    }
    Cancellation.Registration registration =
        Cancellation.current().onCancel(() -> turn.cancel(false));
    try {
      turn.get();
      synchronized (entry) {
        entry.owner = Thread.currentThread();
      }
      return permit(k, entry);
    } catch (InterruptedException | CancellationException e) {
      synchronized (entry) {
        entry.waiters.remove(turn);
      }
      // The lock may have been handed over just as the wait ended: pass it on.
      if (!turn.cancel(false) && !turn.isCancelled()) {
        handOver(entry);
      }
      unuse(k);
      throw e;
    } catch (ExecutionException e) {
      throw new AssertionError("a lock hand-over never fails", e);
    } finally {
      registration.close();
    }
  }

  /**
   * Whether the current thread took the lock of {@code key} in {@code store} and it is not released
   * yet. A stream's lock belongs to the thread that opened it, even while another thread reads it.
   */
  boolean heldByCurrentThread(ConversationStore store, String key) {
    Entry entry = entries.get(new Key(store, key));
    if (entry == null) {
      return false;
    }
    synchronized (entry) {
      return entry.held && entry.owner == Thread.currentThread();
    }
  }

  /** How many conversations have a lock held or awaited (for tests). */
  int size() {
    return entries.size();
  }

  /** How many calls wait for the lock of {@code key} in {@code store} (for tests). */
  int waiting(ConversationStore store, String key) {
    Entry entry = entries.get(new Key(store, key));
    if (entry == null) {
      return 0;
    }
    synchronized (entry) {
      return entry.waiters.size();
    }
  }

  private Permit permit(Key k, Entry entry) {
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        handOver(entry);
        unuse(k);
      }
    };
  }

  /** Gives the lock to the first waiter still waiting, or frees it. */
  private static void handOver(Entry entry) {
    synchronized (entry) {
      // the next holder names itself once it runs
      entry.owner = null;
      CompletableFuture<Void> next;
      while ((next = entry.waiters.poll()) != null) {
        if (next.complete(null)) {
          return;
        }
      }
      entry.held = false;
    }
  }

  private void unuse(Key k) {
    entries.computeIfPresent(k, (ignored, e) -> --e.users == 0 ? null : e);
  }

  /** The state of one conversation's lock; {@code users} is guarded by the map's compute. */
  private static final class Entry {
    int users;
    boolean held;
    Thread owner;
    final Queue<CompletableFuture<Void>> waiters = new ArrayDeque<>();

    Entry use() {
      users++;
      return this;
    }
  }

  /** A store by identity and a key by value. */
  private record Key(ConversationStore store, String key) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.store == store && k.key.equals(key);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(store) * 31 + key.hashCode();
    }
  }
}
