package dev.majordomo.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.media.Image;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.Turn;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConversationStore} owes the runtime, as JUnit 5 tests: extend this
 * class in your tests, return your store from {@link #newStore()}, and every test here runs against
 * it.
 *
 * <pre>{@code
 * class RedisConversationStoreTest extends ConversationStoreContract {
 *   @Override
 *   protected ConversationStore newStore() {
 *     return new RedisConversationStore(redis.client());
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks: turns load oldest first, whole and equal to what was appended (tool calls,
 * tool results, images by URL and by bytes, unicode, large texts, the token count); {@code
 * maxMessages} returns the newest turns that hold the newest {@code maxMessages} messages; delete
 * forgets one conversation and no other; ids are exact (case, {@code %}, {@code _}, {@code /} and
 * quotes are ordinary characters); the list returned does not write through to the store; bad
 * arguments are refused; appends to one conversation from many threads all land, each whole, and a
 * load running meanwhile never sees half of one.
 *
 * <p>Each test calls {@link #newStore()} afresh and uses conversation ids of its own (under a
 * random prefix), so a store that outlives a test, such as a database, needs no cleaning between
 * tests. A test uses at most 64 conversations of at most 1,000 messages each: a store with bounds
 * of its own must keep at least that much. Tests that run threads use a few of them and wait for
 * them at most {@link #timeoutSeconds()} seconds.
 */
public abstract class ConversationStoreContract {
  private static final int THREADS = 8;

  private ConversationStore store;
  private String prefix;

  /** Creates the store under test; called before each test. */
  protected abstract ConversationStore newStore() throws Exception;

  /** How long a test that runs threads waits for them; 60 seconds unless overridden. */
  protected long timeoutSeconds() {
    return 60;
  }

  /** The store of the running test. */
  protected final ConversationStore store() {
    return store;
  }

  /** A conversation id that no other test (nor another run of this one) uses. */
  protected final String id(String name) {
    return prefix + name;
  }

  @BeforeEach
  final void createStore() throws Exception {
    store = newStore();
    assertNotNull(store, "newStore() returned null");
    prefix = "contract-" + UUID.randomUUID() + "/";
  }

  @Test
  void aConversationWithNothingStoredLoadsEmpty() {
    assertEquals(List.of(), store.load(id("nobody"), Integer.MAX_VALUE));
    assertEquals(List.of(), store.load(id("nobody"), 1));
  }

  @Test
  void turnsLoadOldestFirstAndEqualToWhatWasAppended() {
    List<Turn> turns = List.of(exchange("one", 11), exchange("two", 22), exchange("three", 33));
    for (Turn turn : turns) {
      store.append(id("alice"), turn);
    }

    assertEquals(turns, store.load(id("alice"), Integer.MAX_VALUE));
  }

  @Test
  void aToolResultWithImagesComesBackWithThem() {
    Part.ToolCall shot = new Part.ToolCall("call_1", "screenshot", "{}");
    Image png =
        Image.fromBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3});
    Image byUrl = Image.fromUrl(URI.create("https://example.com/chart.png"));
    Turn turn =
        new Turn(
            List.of(
                Message.user("what is on screen?"),
                Message.assistant(List.of(shot)),
                Message.toolResults(
                    List.of(
                        new Part.ToolResult(
                            "call_1", "screenshot", "a window", false, List.of(png, byUrl)))),
                Message.assistant("A window.")),
            120);

    store.append(id("images"), turn);

    assertEquals(List.of(turn), store.load(id("images"), Integer.MAX_VALUE));
  }

  @Test
  void aTurnWithToolRoundsComesBackWholeAndInOrder() {
    Part.ToolCall weather = new Part.ToolCall("call_1", "weather", "{\"city\":\"Paris\"}");
    Part.ToolCall time = new Part.ToolCall("call_2", "time", "{}");
    Part.ToolCall broken = new Part.ToolCall("call_3", "stock", "{\"sku\": 42}");
    Turn turn =
        new Turn(
            List.of(
                Message.user("weather and time in Paris?"),
                Message.assistant(List.of(Part.text("Let me look."), weather, time)),
                Message.toolResults(
                    List.of(
                        Part.ToolResult.success(weather, "sunny, 21°C"),
                        Part.ToolResult.success(time, "14:05"))),
                Message.assistant(List.of(broken)),
                Message.toolResults(List.of(Part.ToolResult.error(broken, "no such sku"))),
                Message.assistant("Sunny and 21°C; it is 14:05.")),
            321);

    store.append(id("tools"), turn);

    assertEquals(List.of(turn), store.load(id("tools"), Integer.MAX_VALUE));
    assertEquals(List.of(turn), store.load(id("tools"), 1));
  }

  @Test
  void maxMessagesLoadsTheNewestTurnsHoldingTheNewestMessages() {
    List<Turn> turns = List.of(turnOf(2, "a"), turnOf(4, "b"), turnOf(1, "c"), turnOf(3, "d"));
    for (Turn turn : turns) {
      store.append(id("sizes"), turn);
    }

    // 10 messages in all; the newest turn holds 3, the one before 1, then 4, then 2.
    for (int max = 1; max <= 12; max++) {
      assertEquals(expectedLoad(turns, max), store.load(id("sizes"), max), "load(id, " + max + ")");
    }
    assertEquals(turns.subList(3, 4), store.load(id("sizes"), 3));
    assertEquals(turns.subList(2, 4), store.load(id("sizes"), 4));
    assertEquals(turns.subList(1, 4), store.load(id("sizes"), 5));
    assertEquals(turns, store.load(id("sizes"), 9));
    assertEquals(turns, store.load(id("sizes"), Integer.MAX_VALUE));
  }

  @Test
  void maxMessagesBelowOneIsRefused() {
    store.append(id("bob"), exchange("hi", 5));

    assertThrows(IllegalArgumentException.class, () -> store.load(id("bob"), 0));
    assertThrows(IllegalArgumentException.class, () -> store.load(id("bob"), -1));
    assertThrows(IllegalArgumentException.class, () -> store.load(id("bob"), Integer.MIN_VALUE));
  }

  @Test
  void idsAreExactSoSimilarOnesNeverShareAConversation() {
    List<String> names =
        List.of(
            "a", "A", "ab", "a%", "a_", "a b", "a/b", "a'b", "a\"b", "a\\b", "a ", "\u00e9",
            "e\u0301");
    for (String name : names) {
      store.append(id(name), exchange("I am " + name, name.length()));
    }

    for (String name : names) {
      assertEquals(
          List.of(exchange("I am " + name, name.length())),
          store.load(id(name), Integer.MAX_VALUE),
          "conversation " + name);
    }
  }

  @Test
  void deleteForgetsOneConversationAndNoOther() {
    store.append(id("a"), exchange("to forget", 1));
    store.append(id("a"), exchange("this too", 1));
    store.append(id("a%"), exchange("kept", 2));
    store.append(id("ab"), exchange("kept too", 3));

    store.delete(id("a"));

    assertEquals(List.of(), store.load(id("a"), Integer.MAX_VALUE));
    assertEquals(List.of(exchange("kept", 2)), store.load(id("a%"), Integer.MAX_VALUE));
    assertEquals(List.of(exchange("kept too", 3)), store.load(id("ab"), Integer.MAX_VALUE));
  }

  @Test
  void deletingAConversationWithNothingStoredDoesNothing() {
    store.append(id("other"), exchange("still here", 4));

    store.delete(id("never-seen"));
    store.delete(id("never-seen"));

    assertEquals(List.of(), store.load(id("never-seen"), Integer.MAX_VALUE));
    assertEquals(List.of(exchange("still here", 4)), store.load(id("other"), Integer.MAX_VALUE));
  }

  @Test
  void anAppendAfterDeleteStartsAFreshConversation() {
    store.append(id("carol"), exchange("before", 1));
    store.delete(id("carol"));
    store.append(id("carol"), exchange("after", 2));

    assertEquals(List.of(exchange("after", 2)), store.load(id("carol"), Integer.MAX_VALUE));
  }

  @Test
  void unicodeTextAndIdsComeBackExactly() {
    String text =
        "emoji 👩‍💻🚀 (outside the BMP: 𝄞 𠜎), CJK 你好世界, RTL שלום مرحبا, combining e\u0301,"
            + " zero width \u200b\u200d, quotes ' \" ` , backslashes \\ \\\\ \\u0041, JSON {\"a\":[1]},"
            + " SQL '; DROP TABLE turns; --, tabs\tand\r\nnewlines\n, a lone high surrogate? no.";
    String name = "顧客-👩‍💻-'\"\\%_";
    Part.ToolCall call = new Part.ToolCall("call_☃", "météo", "{\"ville\":\"Zürich 🏔\"}");
    Turn turn =
        new Turn(
            List.of(
                Message.user(text),
                Message.assistant(List.of(call)),
                Message.toolResults(List.of(Part.ToolResult.success(call, "☀ " + text))),
                Message.assistant(text + " ✓")),
            7);

    store.append(id(name), turn);

    assertEquals(List.of(turn), store.load(id(name), Integer.MAX_VALUE));
  }

  @Test
  void imagesByUrlAndByBytesComeBackEqual() {
    byte[] png = new byte[4096];
    new Random(7).nextBytes(png);
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, png, 0, 8);
    Turn turn =
        new Turn(
            List.of(
                Message.user(
                    List.of(
                        Part.text("what differs between these?"),
                        Part.image(Image.fromUrl(URI.create("https://example.com/a.png?x=1&y=é"))),
                        Part.image(Image.fromBytes(png, "image/png")))),
                Message.assistant("The second one is noise.")),
            2_010);

    store.append(id("images"), turn);

    assertEquals(List.of(turn), store.load(id("images"), Integer.MAX_VALUE));
  }

  @Test
  void largeMessagesAndLongTurnsComeBackExactly() {
    StringBuilder big = new StringBuilder();
    while (big.length() < 300_000) {
      big.append("Line ").append(big.length()).append(": ünïcødé 𝄞 and some more text.\n");
    }
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(big.toString()));
    for (int round = 0; round < 100; round++) {
      Part.ToolCall call = new Part.ToolCall("call_" + round, "lookup", "{\"n\":" + round + "}");
      messages.add(Message.assistant(List.of(call)));
      messages.add(Message.toolResults(List.of(Part.ToolResult.success(call, "r" + round))));
    }
    messages.add(Message.assistant(big.reverse().toString()));
    Turn turn = new Turn(messages, 150_000);

    store.append(id("big"), turn);

    assertEquals(List.of(turn), store.load(id("big"), Integer.MAX_VALUE));
  }

  @Test
  void tokenCountsComeBackExactly() {
    List<Turn> turns =
        List.of(exchange("zero", 0), exchange("one", 1), exchange("max", Integer.MAX_VALUE));
    for (Turn turn : turns) {
      store.append(id("tokens"), turn);
    }

    List<Turn> loaded = store.load(id("tokens"), Integer.MAX_VALUE);

    assertEquals(List.of(0, 1, Integer.MAX_VALUE), loaded.stream().map(Turn::tokens).toList());
  }

  @Test
  void changingTheLoadedListDoesNotChangeTheStore() {
    List<Turn> turns = List.of(exchange("one", 1), exchange("two", 2));
    for (Turn turn : turns) {
      store.append(id("dave"), turn);
    }

    List<Turn> loaded = store.load(id("dave"), Integer.MAX_VALUE);
    try {
      loaded.clear();
    } catch (UnsupportedOperationException expected) {
      // An unmodifiable list is the better answer; a copy is fine too.
    }

    assertEquals(turns, store.load(id("dave"), Integer.MAX_VALUE));
  }

  @Test
  void blankOrNullIdsAndNullTurnsAreRefused() {
    Turn turn = exchange("hi", 1);
    for (String blank : List.of("", " ", "\t\n")) {
      assertThrows(IllegalArgumentException.class, () -> store.load(blank, 1), "'" + blank + "'");
      assertThrows(IllegalArgumentException.class, () -> store.append(blank, turn));
      assertThrows(IllegalArgumentException.class, () -> store.delete(blank));
    }
    assertRefused(() -> store.load(null, 1));
    assertRefused(() -> store.append(null, turn));
    assertRefused(() -> store.delete(null));
    assertRefused(() -> store.append(id("erin"), null));
    assertEquals(List.of(), store.load(id("erin"), Integer.MAX_VALUE));
  }

  @Test
  void appendsToOneConversationFromManyThreadsAllLandWholeAndInEachThreadsOrder() throws Exception {
    int perThread = 25;
    runConcurrently(
        THREADS,
        thread -> {
          for (int i = 0; i < perThread; i++) {
            store.append(id("shared"), tagged(thread, i, 1 + (i % 3)));
          }
        });

    List<Turn> loaded = store.load(id("shared"), Integer.MAX_VALUE);
    assertEquals(THREADS * perThread, loaded.size(), "turns stored");
    int[] next = new int[THREADS];
    for (Turn turn : loaded) {
      int thread = threadOf(turn);
      int index = indexOf(turn);
      assertEquals(next[thread], index, "thread " + thread + "'s turns in its order");
      assertEquals(tagged(thread, index, 1 + (index % 3)), turn, "a whole turn");
      next[thread]++;
    }
  }

  @Test
  void appendsToManyConversationsFromManyThreadsAllLand() throws Exception {
    int conversations = 32;
    int rounds = 3;
    runConcurrently(
        THREADS,
        thread -> {
          for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < conversations; c++) {
              // Each thread starts at another conversation so that they collide on all of them.
              int target = (c + thread * 5) % conversations;
              store.append(id("many-" + target), tagged(thread, round, 2));
            }
          }
        });

    for (int c = 0; c < conversations; c++) {
      List<Turn> loaded = store.load(id("many-" + c), Integer.MAX_VALUE);
      assertEquals(THREADS * rounds, loaded.size(), "turns of conversation " + c);
      int[] perThread = new int[THREADS];
      for (Turn turn : loaded) {
        perThread[threadOf(turn)]++;
      }
      for (int thread = 0; thread < THREADS; thread++) {
        assertEquals(rounds, perThread[thread], "thread " + thread + " in conversation " + c);
      }
    }
  }

  @Test
  void aLoadDuringAppendsSeesWholeTurnsInOrderNeverHalfOfOne() throws Exception {
    int count = 200;
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      turns.add(tagged(0, i, 3));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    runConcurrently(
        3,
        worker -> {
          if (worker == 0) {
            try {
              for (Turn turn : turns) {
                store.append(id("live"), turn);
              }
            } finally {
              writing.set(false);
            }
            return;
          }
          boolean last = false;
          while (!last) {
            last = !writing.get();
            List<Turn> seen = store.load(id("live"), Integer.MAX_VALUE);
            assertEquals(turns.subList(0, seen.size()), seen, "a load while appending");
            List<Turn> newest = store.load(id("live"), 4);
            if (!newest.isEmpty()) {
              int from = indexOf(newest.get(0));
              assertEquals(turns.subList(from, from + newest.size()), newest, "load(id, 4)");
              assertTrue(newest.size() == 2 || from == 0, "the newest 4 messages span 2 turns");
            }
          }
        });

    assertEquals(turns, store.load(id("live"), Integer.MAX_VALUE));
  }

  @Test
  void randomAppendsLoadsAndDeletesAgreeWithAListPerConversation() {
    for (long seed : new long[] {1, 2, 3}) {
      Random random = new Random(seed);
      Map<String, List<Turn>> expected = new HashMap<>();
      for (int step = 0; step < 300; step++) {
        String conversation = id("random-" + seed + "-" + random.nextInt(4));
        List<Turn> turns = expected.computeIfAbsent(conversation, c -> new ArrayList<>());
        int action = random.nextInt(10);
        String where = "seed " + seed + ", step " + step + ", " + conversation;
        if (action < 6) {
          Turn turn = turnOf(1 + random.nextInt(5), "s" + step);
          store.append(conversation, turn);
          turns.add(turn);
        } else if (action < 9) {
          int max = random.nextBoolean() ? Integer.MAX_VALUE : 1 + random.nextInt(12);
          assertEquals(expectedLoad(turns, max), store.load(conversation, max), where);
        } else {
          store.delete(conversation);
          turns.clear();
        }
      }
      for (Map.Entry<String, List<Turn>> entry : expected.entrySet()) {
        assertEquals(entry.getValue(), store.load(entry.getKey(), Integer.MAX_VALUE));
      }
    }
  }

  /** What {@link ConversationStore#load} returns for {@code turns}, oldest first. */
  private static List<Turn> expectedLoad(List<Turn> turns, int maxMessages) {
    int from = turns.size();
    long covered = 0;
    while (from > 0 && covered < maxMessages) {
      from--;
      covered += turns.get(from).size();
    }
    return List.copyOf(turns.subList(from, turns.size()));
  }

  /** A user question and the assistant's answer. */
  private static Turn exchange(String question, int tokens) {
    return new Turn(
        List.of(Message.user(question), Message.assistant("answer to " + question)), tokens);
  }

  /** A turn of {@code size} messages: the user's, then tool rounds, then the answer. */
  private static Turn turnOf(int size, String tag) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user("question " + tag));
    int round = 0;
    while (messages.size() + 2 <= size - 1) {
      Part.ToolCall call =
          new Part.ToolCall(tag + "-" + round, "tool", "{\"round\":" + round + "}");
      messages.add(Message.assistant(List.of(call)));
      messages.add(Message.toolResults(List.of(Part.ToolResult.success(call, "done " + round))));
      round++;
    }
    while (messages.size() < size) {
      messages.add(Message.assistant("answer " + tag + " " + messages.size()));
    }
    return new Turn(messages, 10 * size);
  }

  /** A turn of {@code size} messages that names the thread and index that appended it. */
  private static Turn tagged(int thread, int index, int size) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(thread + ":" + index));
    while (messages.size() < size) {
      messages.add(Message.assistant(thread + ":" + index + " part " + messages.size()));
    }
    return new Turn(messages, thread * 1_000 + index);
  }

  private static int threadOf(Turn turn) {
    String tag = turn.messages().get(0).text();
    return Integer.parseInt(tag.substring(0, tag.indexOf(':')));
  }

  private static int indexOf(Turn turn) {
    String tag = turn.messages().get(0).text();
    return Integer.parseInt(tag.substring(tag.indexOf(':') + 1));
  }

  private static void assertRefused(Runnable call) {
    RuntimeException thrown = assertThrows(RuntimeException.class, call::run);
    assertTrue(
        thrown instanceof IllegalArgumentException || thrown instanceof NullPointerException,
        "refused with IllegalArgumentException or NullPointerException, not " + thrown);
  }

  /** A body run by each of several threads at once. */
  @FunctionalInterface
  private interface Worker {
    void run(int worker) throws Exception;
  }

  private void runConcurrently(int threads, Worker worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int number = t;
        Callable<Void> body =
            () -> {
              ready.countDown();
              start.await();
              worker.run(number);
              return null;
            };
        futures.add(pool.submit(body));
      }
      assertTrue(ready.await(timeoutSeconds(), TimeUnit.SECONDS), "threads ready");
      start.countDown();
      for (Future<?> future : futures) {
        try {
          future.get(timeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw e;
        } catch (TimeoutException e) {
          fail("a thread did not finish within " + timeoutSeconds() + " seconds");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
