package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Cancellation;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class ConversationLocksTest {
  private final ConversationLocks locks = new ConversationLocks();
  private final RecordingStore store = new RecordingStore();
  private volatile Thread lastStarted;

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  private CompletableFuture<ConversationLocks.Permit> acquireOnAnotherThread(
      String key, List<String> order, String name) {
    CompletableFuture<ConversationLocks.Permit> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                ConversationLocks.Permit p = locks.acquire(store, key);
                order.add(name);
                result.complete(p);
              } catch (InterruptedException | RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    t.setDaemon(true);
    lastStarted = t;
    t.start();
    return result;
  }

  @Test
  void anEntryLivesOnlyWhileItsLockIsHeldOrAwaited() throws Exception {
    ConversationLocks.Permit permit = locks.acquire(store, "k");
    assertThat(locks.size()).isEqualTo(1);

    permit.release();
    permit.release();

    assertThat(locks.size()).isZero();
  }

  @Test
  void waitersGetTheLockInTheOrderTheyCameAndAPermitMayBeReleasedOnAnotherThread()
      throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    ConversationLocks.Permit holder = locks.acquire(store, "k");
    CompletableFuture<ConversationLocks.Permit> first = acquireOnAnotherThread("k", order, "first");
    awaitTrue(() -> locks.waiting(store, "k") == 1);
    CompletableFuture<ConversationLocks.Permit> second =
        acquireOnAnotherThread("k", order, "second");
    awaitTrue(() -> locks.waiting(store, "k") == 2);

    holder.release();
    first.get(10, TimeUnit.SECONDS).release();
    second.get(10, TimeUnit.SECONDS).release();

    assertThat(order).containsExactly("first", "second");
    assertThat(locks.size()).isZero();
  }

  @Test
  void anotherStoreOrAnotherKeyIsAnotherLock() throws Exception {
    ConversationLocks.Permit a = locks.acquire(store, "k");
    ConversationLocks.Permit b = locks.acquire(new RecordingStore(), "k");
    ConversationLocks.Permit c = locks.acquire(store, "other");

    assertThat(locks.size()).isEqualTo(3);
    a.release();
    b.release();
    c.release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void aCancelledWaitLeavesTheQueueAndTheLockGoesToTheNext() throws Exception {
    ConversationLocks.Permit holder = locks.acquire(store, "k");
    Cancellation cancellation = new Cancellation();
    CompletableFuture<Throwable> cancelledWait = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              Cancellation.Registration scope = cancellation.enter();
              try {
                locks.acquire(store, "k");
                cancelledWait.complete(null);
              } catch (InterruptedException | RuntimeException e) {
                cancelledWait.complete(e);
              } finally {
                scope.close();
              }
            });
    t.start();
    awaitTrue(() -> locks.waiting(store, "k") == 1);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<ConversationLocks.Permit> next = acquireOnAnotherThread("k", order, "next");
    awaitTrue(() -> locks.waiting(store, "k") == 2);

    cancellation.cancel();

    assertThat(cancelledWait.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThat(locks.waiting(store, "k")).isEqualTo(1);
    holder.release();
    next.get(10, TimeUnit.SECONDS).release();
    assertThat(order).containsExactly("next");
    assertThat(locks.size()).isZero();
  }

  @Test
  void aLockKnowsWhetherTheCurrentThreadHoldsIt() throws Exception {
    assertThat(locks.heldByCurrentThread(store, "k")).isFalse();
    ConversationLocks.Permit permit = locks.acquire(store, "k");

    assertThat(locks.heldByCurrentThread(store, "k")).isTrue();
    assertThat(locks.heldByCurrentThread(store, "other")).isFalse();
    assertThat(locks.heldByCurrentThread(new RecordingStore(), "k")).isFalse();
    CompletableFuture<Boolean> elsewhere = new CompletableFuture<>();
    Thread t = new Thread(() -> elsewhere.complete(locks.heldByCurrentThread(store, "k")));
    t.start();
    assertThat(elsewhere.get(10, TimeUnit.SECONDS)).isFalse();

    permit.release();
    assertThat(locks.heldByCurrentThread(store, "k")).isFalse();
    assertThat(locks.size()).isZero();
  }

  @Test
  void aLockHandedOverBelongsToTheThreadThatWaitedForIt() throws Exception {
    ConversationLocks.Permit holder = locks.acquire(store, "k");
    CompletableFuture<Boolean> heldByWaiter = new CompletableFuture<>();
    CompletableFuture<ConversationLocks.Permit> permit = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                ConversationLocks.Permit p = locks.acquire(store, "k");
                heldByWaiter.complete(locks.heldByCurrentThread(store, "k"));
                permit.complete(p);
              } catch (InterruptedException | RuntimeException e) {
                heldByWaiter.completeExceptionally(e);
              }
            });
    t.start();
    awaitTrue(() -> locks.waiting(store, "k") == 1);

    holder.release();

    assertThat(heldByWaiter.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(locks.heldByCurrentThread(store, "k")).isFalse();
    permit.get(10, TimeUnit.SECONDS).release();
    assertThat(locks.size()).isZero();
  }

  @Test
  void anInterruptedWaitThrowsAndHoldsNothing() throws Exception {
    ConversationLocks.Permit holder = locks.acquire(store, "k");
    CompletableFuture<ConversationLocks.Permit> waiting =
        acquireOnAnotherThread("k", new CopyOnWriteArrayList<>(), "w");
    awaitTrue(() -> locks.waiting(store, "k") == 1);
    lastStarted.interrupt();

    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(InterruptedException.class);
    holder.release();
    assertThat(locks.size()).isZero();
  }
}
