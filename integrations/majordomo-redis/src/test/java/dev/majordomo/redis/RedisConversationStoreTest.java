package dev.majordomo.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.llm.Message;
import dev.majordomo.memory.MessageJson;
import dev.majordomo.memory.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the Redis store adds to the contract: keys, expiry, round trips, errors. */
@ExtendWith(RedisServerExtension.class)
class RedisConversationStoreTest {
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private final RedisServer server;
  private final List<RedisConversationStore> stores = new ArrayList<>();
  private final String id = "com.acme.Desk/" + UUID.randomUUID();

  RedisConversationStoreTest(RedisServer server) {
    this.server = server;
  }

  @AfterEach
  void closeStores() {
    stores.forEach(RedisConversationStore::close);
  }

  private RedisConversationStore open(RedisConversationStore.Builder builder) {
    RedisConversationStore store = builder.build();
    stores.add(store);
    return store;
  }

  private RedisConversationStore open() {
    return open(RedisConversationStore.builder(server.uri()));
  }

  @Test
  void aConversationIsOneListUnderThePrefixHoldingOneJsonLinesElementPerTurn() {
    RedisConversationStore store = open();
    Turn turn = exchange("hello", 42);

    store.append(id, turn);

    String key = "majordomo:conversation:" + id;
    assertThat(store.key(id)).isEqualTo(key);
    assertThat(server.command("TYPE", key)).isEqualTo("list");
    assertThat(server.command("LRANGE", key, "0", "-1"))
        .isEqualTo(
            List.of(
                "{\"v\":1,\"messages\":2,\"tokens\":42}\n"
                    + MessageJson.write(turn.messages().get(0))
                    + "\n"
                    + MessageJson.write(turn.messages().get(1))));
  }

  @Test
  void storesWithOtherPrefixesShareNothingOnOneServer() {
    RedisConversationStore desk =
        open(RedisConversationStore.builder(server.uri()).keyPrefix("desk:"));
    RedisConversationStore shop =
        open(RedisConversationStore.builder(server.uri()).keyPrefix("shop:"));

    desk.append(id, exchange("for the desk", 1));
    shop.append(id, exchange("for the shop", 2));
    shop.delete(id + "-other");

    assertThat(desk.load(id, Integer.MAX_VALUE)).containsExactly(exchange("for the desk", 1));
    assertThat(shop.load(id, Integer.MAX_VALUE)).containsExactly(exchange("for the shop", 2));
    assertThat(server.command("KEYS", "*" + id))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrder("desk:conversation:" + id, "shop:conversation:" + id);
    shop.delete(id);
    assertThat(desk.load(id, Integer.MAX_VALUE)).hasSize(1);
  }

  @Test
  void withoutATimeToLiveAConversationNeverExpires() {
    RedisConversationStore store = open();

    store.append(id, exchange("keep me", 1));

    assertThat(store.timeToLive()).isEmpty();
    assertThat(server.command("PTTL", store.key(id))).isEqualTo(-1L);
  }

  @Test
  void eachAppendSetsTheTimeToLiveAfreshAndALoadLeavesIt() {
    RedisConversationStore store =
        open(RedisConversationStore.builder(server.uri()).timeToLive(Duration.ofHours(1)));
    String key = store.key(id);

    store.append(id, exchange("one", 1));
    assertThat((Long) server.command("PTTL", key)).isBetween(HOUR - 60_000, HOUR);

    // Redis's own clock runs the expiry: shorten it behind the store's back instead of waiting.
    server.command("PEXPIRE", key, "5000");
    store.load(id, Integer.MAX_VALUE);
    assertThat((Long) server.command("PTTL", key)).isBetween(1L, 5000L);

    store.append(id, exchange("two", 2));
    assertThat((Long) server.command("PTTL", key)).isBetween(HOUR - 60_000, HOUR);
    assertThat(store.load(id, Integer.MAX_VALUE))
        .containsExactly(exchange("one", 1), exchange("two", 2));
  }

  @Test
  void anExpiredConversationLoadsEmptyAndStartsAfreshOnTheNextAppend() {
    RedisConversationStore store =
        open(RedisConversationStore.builder(server.uri()).timeToLive(Duration.ofMinutes(5)));
    store.append(id, exchange("old", 1));

    // What Redis does when the time is up, without waiting for it.
    server.command("DEL", store.key(id));

    assertThat(store.load(id, Integer.MAX_VALUE)).isEmpty();
    store.append(id, exchange("new", 2));
    assertThat(store.load(id, Integer.MAX_VALUE)).containsExactly(exchange("new", 2));
    assertThat((Long) server.command("PTTL", store.key(id))).isPositive();
  }

  @Test
  void loadAppendAndDeleteAreOneRoundTripEach() {
    RedisConversationStore plain = open();
    RedisConversationStore expiring =
        open(RedisConversationStore.builder(server.uri()).timeToLive(Duration.ofHours(1)));
    // Once, so that both are connected and Redis knows the scripts: later calls send only their
    // digest.
    plain.delete(id + "-p");
    expiring.append(id, exchange("warm-up", 1));
    expiring.load(id, 1);
    server.command("CONFIG", "RESETSTAT");

    plain.append(id + "-p", exchange("a", 1));
    assertThat(commandCounts()).containsExactly("rpush=1");

    // Redis counts the commands a script runs as well; the client sent one EVALSHA.
    server.command("CONFIG", "RESETSTAT");
    expiring.append(id, exchange("b", 1));
    assertThat(commandCounts()).containsExactlyInAnyOrder("evalsha=1", "rpush=1", "pexpire=1");

    server.command("CONFIG", "RESETSTAT");
    assertThat(expiring.load(id, 2)).containsExactly(exchange("b", 1));
    assertThat(commandCounts()).containsExactlyInAnyOrder("evalsha=1", "lrange=1");

    server.command("CONFIG", "RESETSTAT");
    plain.delete(id);
    assertThat(commandCounts()).containsExactly("del=1");
  }

  @Test
  void afterRedisForgetsItsScriptsTheStoreSendsThemAgain() {
    RedisConversationStore store =
        open(RedisConversationStore.builder(server.uri()).timeToLive(Duration.ofHours(1)));
    store.append(id, exchange("one", 1));

    server.command("SCRIPT", "FLUSH");

    store.append(id, exchange("two", 2));
    assertThat(store.load(id, 2)).containsExactly(exchange("two", 2));
    server.command("SCRIPT", "FLUSH");
    assertThat(store.load(id, 100)).containsExactly(exchange("one", 1), exchange("two", 2));
  }

  @Test
  void appendsFromManyThreadsOfTwoInstancesAllLandWholeAndInEachThreadsOrder() throws Exception {
    RedisConversationStore first = open();
    RedisConversationStore second = open();
    int threads = 32;
    int perThread = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        RedisConversationStore store = thread % 2 == 0 ? first : second;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    store.append(id, tagged(thread, i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Turn> loaded = first.load(id, Integer.MAX_VALUE);
    assertThat(loaded).hasSize(threads * perThread);
    int[] next = new int[threads];
    for (Turn turn : loaded) {
      String[] tag = turn.messages().get(0).text().split(":");
      int thread = Integer.parseInt(tag[0]);
      assertThat(turn).isEqualTo(tagged(thread, next[thread]));
      next[thread]++;
    }
  }

  @Test
  void anElementThatIsNotAStoredTurnFailsTheLoadNamingItsPlaceNotTheId() {
    RedisConversationStore store = open();
    store.append(id, exchange("fine", 1));
    server.command("RPUSH", store.key(id), "{\"v\":1,\"messages\":1,\"tokens\":3}\nnot json");

    assertThatThrownBy(() -> store.load(id, Integer.MAX_VALUE))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessageContaining("majordomo:conversation:<id>, turn 2 of the 2 loaded, message 1")
        .hasMessageNotContaining(id);
    server.command("LSET", store.key(id), "1", "{\"v\":2,\"messages\":1,\"tokens\":3}\n{}");
    assertThatThrownBy(() -> store.load(id, Integer.MAX_VALUE))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessageContaining("unknown stored turn version 2");
    server.command("LSET", store.key(id), "1", "plain text");
    assertThatThrownBy(() -> store.load(id, 1))
        .isInstanceOf(JsonDecodingException.class)
        .hasMessageContaining("not a stored turn");
  }

  @Test
  void badArgumentsAreRefusedBeforeAnyCommand() {
    RedisConversationStore store = open();
    server.command("CONFIG", "RESETSTAT");

    assertThatThrownBy(() -> store.append("a\ud800b", exchange("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate (at index 1)");
    assertThatThrownBy(() -> RedisConversationStore.builder(server.uri()).keyPrefix("p\udc00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key prefix");
    assertThatThrownBy(() -> RedisConversationStore.builder(server.uri()).timeToLive(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeToLive must be at least 1 millisecond");
    assertThatThrownBy(
            () -> RedisConversationStore.builder(server.uri()).timeout(Duration.ofNanos(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be at least 1 millisecond");
    assertThatThrownBy(() -> RedisConversationStore.builder("http://example.com").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Redis URI");
    assertThat(commandCounts()).isEmpty();
  }

  @Test
  void aClosedStoreRefusesCalls() {
    RedisConversationStore store = RedisConversationStore.builder(server.uri()).build();
    store.append(id, exchange("x", 1));

    store.close();
    store.close();

    assertThatThrownBy(() -> store.load(id, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void toStringShowsTheServerAndTheSettings() {
    RedisConversationStore store =
        open(
            RedisConversationStore.builder(server.uri())
                .keyPrefix("desk:")
                .timeToLive(Duration.ofDays(30))
                .timeout(Duration.ofMillis(500)));

    assertThat(store)
        .hasToString(
            "RedisConversationStore[redis=127.0.0.1:"
                + server.port()
                + ", keyPrefix=desk:, timeToLive=PT720H, timeout=PT0.5S]");
  }

  /** The commands Redis ran since its statistics were reset, but CONFIG and INFO: "rpush=1". */
  private List<String> commandCounts() {
    String stats = (String) server.command("INFO", "commandstats");
    List<String> counts = new ArrayList<>();
    Matcher m = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(stats);
    while (m.find()) {
      if (!m.group(1).startsWith("config") && !m.group(1).startsWith("info")) {
        counts.add(m.group(1) + "=" + m.group(2));
      }
    }
    return counts;
  }

  static Turn exchange(String question, int tokens) {
    return new Turn(
        List.of(Message.user(question), Message.assistant("answer to " + question)), tokens);
  }

  private static Turn tagged(int thread, int index) {
    return new Turn(
        List.of(
            Message.user(thread + ":" + index),
            Message.assistant("a " + thread + ":" + index + " " + "x".repeat(index * 10))),
        index);
  }
}
