package dev.majordomo.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory store's own bounds; the behaviour every store owes is in its contract test. */
class InMemoryConversationStoreTest {

  @Test
  void theNoArgumentStoreHasTheDocumentedBounds() {
    InMemoryConversationStore store = new InMemoryConversationStore();

    assertThat(store.maxConversations()).isEqualTo(10_000);
    assertThat(store.maxMessagesPerConversation()).isEqualTo(1_000);
    assertThat(store)
        .hasToString(
            "InMemoryConversationStore{maxConversations=10000, maxMessagesPerConversation=1000}");
  }

  @Test
  void boundsBelowOneAreRefusedNamingTheBound() {
    assertThatThrownBy(() -> InMemoryConversationStore.bounded(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConversations must be at least 1, was 0");
    assertThatThrownBy(() -> InMemoryConversationStore.bounded(10, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessagesPerConversation must be at least 1, was -3");
  }

  @Test
  void aFullStoreEvictsTheLeastRecentlyAppendedConversation() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(3, 100);
    store.append("a", turn("a1", 2));
    store.append("b", turn("b1", 2));
    store.append("c", turn("c1", 2));
    store.append("a", turn("a2", 2));

    store.append("d", turn("d1", 2));

    assertThat(store.load("b", Integer.MAX_VALUE)).isEmpty();
    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("a1", 2), turn("a2", 2));
    assertThat(store.load("c", Integer.MAX_VALUE)).containsExactly(turn("c1", 2));
    assertThat(store.load("d", Integer.MAX_VALUE)).containsExactly(turn("d1", 2));
  }

  @Test
  void loadingAConversationCountsAsUsingIt() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(2, 100);
    store.append("a", turn("a1", 2));
    store.append("b", turn("b1", 2));
    assertThat(store.load("a", 1)).hasSize(1);

    store.append("c", turn("c1", 2));

    assertThat(store.load("b", Integer.MAX_VALUE)).isEmpty();
    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("a1", 2));
  }

  @Test
  void loadingOrDeletingAnUnknownConversationEvictsNothing() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(2, 100);
    store.append("a", turn("a1", 2));
    store.append("b", turn("b1", 2));

    assertThat(store.load("never", Integer.MAX_VALUE)).isEmpty();
    store.delete("never");

    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("a1", 2));
    assertThat(store.load("b", Integer.MAX_VALUE)).containsExactly(turn("b1", 2));
  }

  @Test
  void aDeletedConversationFreesItsPlace() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(2, 100);
    store.append("a", turn("a1", 2));
    store.append("b", turn("b1", 2));
    store.delete("b");

    store.append("c", turn("c1", 2));

    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("a1", 2));
    assertThat(store.load("c", Integer.MAX_VALUE)).containsExactly(turn("c1", 2));
  }

  @Test
  void anAppendBeyondTheMessageBoundDropsTheOldestWholeTurns() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(10, 6);
    store.append("a", turn("t1", 2));
    store.append("a", turn("t2", 3));
    store.append("a", turn("t3", 1));
    assertThat(store.load("a", Integer.MAX_VALUE)).hasSize(3);

    store.append("a", turn("t4", 2));

    // 8 messages: dropping t1 leaves 6, within the bound; t2 is never cut in two.
    assertThat(store.load("a", Integer.MAX_VALUE))
        .containsExactly(turn("t2", 3), turn("t3", 1), turn("t4", 2));

    store.append("a", turn("t5", 2));

    // 8 again: t2 (3 messages) goes whole, leaving 5.
    assertThat(store.load("a", Integer.MAX_VALUE))
        .containsExactly(turn("t3", 1), turn("t4", 2), turn("t5", 2));
  }

  @Test
  void aTurnLongerThanTheMessageBoundIsKeptAlone() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(10, 4);
    store.append("a", turn("small", 2));

    store.append("a", turn("huge", 7));

    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("huge", 7));
    assertThat(store.load("a", 1)).containsExactly(turn("huge", 7));

    store.append("a", turn("next", 2));

    assertThat(store.load("a", Integer.MAX_VALUE)).containsExactly(turn("next", 2));
  }

  @Test
  void loadHandsBackTheStoredTurnsInAnUnmodifiableList() {
    InMemoryConversationStore store = new InMemoryConversationStore();
    Turn first = turn("one", 2);
    Turn second = turn("two", 2);
    store.append("a", first);
    store.append("a", second);

    List<Turn> all = store.load("a", Integer.MAX_VALUE);
    List<Turn> newest = store.load("a", 1);

    assertThat(all.get(0)).isSameAs(first);
    assertThat(all.get(1)).isSameAs(second);
    assertThat(newest).singleElement().isSameAs(second);
    assertThatThrownBy(() -> all.add(first)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> newest.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void loadWalksBackOnlyAsFarAsTheMessagesAsked() {
    InMemoryConversationStore store = InMemoryConversationStore.bounded(1, 10_000);
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      turns.add(turn("t" + i, 1 + i % 4));
      store.append("a", turns.get(i));
    }

    // The newest turns hold 4, 3, 2 messages (indexes 999, 998, 997): 9 in all.
    assertThat(store.load("a", 1)).containsExactly(turns.get(999));
    assertThat(store.load("a", 4)).containsExactly(turns.get(999));
    assertThat(store.load("a", 5)).containsExactly(turns.get(998), turns.get(999));
    assertThat(store.load("a", 8)).containsExactly(turns.get(997), turns.get(998), turns.get(999));
    assertThat(store.load("a", 9)).containsExactly(turns.get(997), turns.get(998), turns.get(999));
    assertThat(store.load("a", 10)).hasSize(4);
    assertThat(store.load("a", 2_500)).isEqualTo(turns);
    // The oldest turn holds 1 message, the next 2.
    assertThat(store.load("a", 2_499)).isEqualTo(turns.subList(1, 1_000));
    assertThat(store.load("a", 2_498)).isEqualTo(turns.subList(1, 1_000));
    assertThat(store.load("a", 2_497)).isEqualTo(turns.subList(2, 1_000));
  }

  @Test
  void badArgumentsAreRefusedNamingThem() {
    InMemoryConversationStore store = new InMemoryConversationStore();

    assertThatThrownBy(() -> store.load(null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversationId must not be null");
    assertThatThrownBy(() -> store.append(" ", turn("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversationId must not be blank");
    assertThatThrownBy(() -> store.delete(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversationId must not be blank");
    assertThatThrownBy(() -> store.load("a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessages must be at least 1, was 0");
    assertThatThrownBy(() -> store.append("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("turn");
  }

  @Test
  void manyThreadsAppendingToManyConversationsLoseNothingUnderEviction() throws Exception {
    int threads = 8;
    int conversations = 50;
    int perConversation = 20;
    // Room for every conversation but not for their messages: trimming runs under contention.
    InMemoryConversationStore store = InMemoryConversationStore.bounded(conversations, 40);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perConversation; i++) {
                    for (int c = 0; c < conversations; c++) {
                      store.append("c" + c, turn(thread + ":" + i, 2));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int c = 0; c < conversations; c++) {
      List<Turn> kept = store.load("c" + c, Integer.MAX_VALUE);
      // 8 threads x 20 turns of 2 messages were appended; the newest 20 turns (40 messages) stay.
      assertThat(kept).hasSize(20);
      assertThat(kept.stream().mapToInt(Turn::size).sum()).isEqualTo(40);
    }
    // Each conversation counted its messages exactly: one more turn drops exactly one.
    store.append("c0", turn("last", 2));
    assertThat(store.load("c0", Integer.MAX_VALUE)).hasSize(20).last().isEqualTo(turn("last", 2));
  }

  @Test
  void manyThreadsAppendingToManyConversationsKeepExactCounts() throws Exception {
    int threads = 8;
    int conversations = 40;
    int perThread = 10;
    InMemoryConversationStore store = new InMemoryConversationStore();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    for (int c = 0; c < conversations; c++) {
                      store.append("c" + ((c + thread) % conversations), turn(thread + ":" + i, 3));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int c = 0; c < conversations; c++) {
      List<Turn> kept = store.load("c" + c, Integer.MAX_VALUE);
      assertThat(kept).hasSize(threads * perThread);
      for (int t = 0; t < threads; t++) {
        String prefix = t + ":";
        assertThat(kept)
            .filteredOn(turn -> turn.messages().get(0).text().startsWith(prefix))
            .hasSize(perThread);
      }
    }
  }

  /** A turn of {@code size} messages: the user's, then answers. */
  private static Turn turn(String tag, int size) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(tag));
    while (messages.size() < size) {
      messages.add(Message.assistant(tag + " answer " + messages.size()));
    }
    return new Turn(messages, size);
  }
}
