package dev.majordomo.redis;

import static dev.majordomo.redis.RedisConversationStoreTest.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

/**
 * Redis killed, hung, absent or refusing the password: a clear, bounded error without secrets, and
 * the store works again once Redis is back. This class's server is its own, killed and restarted.
 */
@ExtendWith(RedisServerExtension.class)
class RedisStoreFailureTest {
  // The deadline for Lettuce to reconnect after a restart (a store built from a URI retries at
  // least
  // every second; a client with default options, every 30 s at worst).
  private static final long RECONNECT_SECONDS = 30;

  private final RedisServer server;
  private final String id = "com.acme.Desk/" + UUID.randomUUID();

  RedisStoreFailureTest(RedisServer server) {
    this.server = server;
  }

  @Test
  void aKilledServerFailsCallsClearlyAndTheStoreWorksAgainAfterARestart() throws Exception {
    try (RedisConversationStore store =
        RedisConversationStore.builder(server.uri()).timeout(Duration.ofSeconds(1)).build()) {
      store.append(id, exchange("before", 1));

      server.kill();

      RedisStoreException failure =
          catchThrowableOfType(RedisStoreException.class, () -> store.load(id, Integer.MAX_VALUE));
      assertThat(failure)
          .hasMessageStartingWith(
              "could not load a conversation (a conversation id of "
                  + id.length()
                  + " characters) in Redis at 127.0.0.1:"
                  + server.port()
                  + ": ")
          .hasMessageNotContaining(id);
      assertThat(failure.conversationId()).contains(id);
      assertThatThrownBy(() -> store.append(id, exchange("lost", 1)))
          .isInstanceOf(RedisStoreException.class)
          .hasMessageStartingWith("could not append to a conversation");

      awaitReconnection(store.connection().events(), server::restart);

      store.append(id, exchange("after", 2));
      // The server kept nothing (no persistence): only what came after the restart.
      assertThat(store.load(id, Integer.MAX_VALUE)).containsExactly(exchange("after", 2));
    }
  }

  @Test
  void aHungServerFailsACallAfterTheTimeoutAndAnswersAgainOnceItRuns() {
    try (RedisConversationStore store =
        RedisConversationStore.builder(server.uri()).timeout(Duration.ofSeconds(1)).build()) {
      store.append(id, exchange("before", 1));

      server.freeze();
      long started = System.nanoTime();
      try {
        assertThatThrownBy(() -> store.load(id, Integer.MAX_VALUE))
            .isInstanceOf(RedisStoreException.class)
            .hasMessageEndingWith(": no answer within 1 s");
      } finally {
        server.thaw();
      }
      // Bounded by the timeout, not by how long the server hangs; generous for a busy machine.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

      assertThat(store.load(id, Integer.MAX_VALUE)).containsExactly(exchange("before", 1));
    }
  }

  @Test
  void callsArrivingWhileTheFirstConnectionHangsWaitForItNotOneTimeoutEachInTurn()
      throws Exception {
    // Each call that finds no connection used to connect in turn, under one lock: with Redis
    // hung, the n-th of n concurrent first calls waited n timeouts.
    int callers = 8;
    try (RedisConversationStore store =
        RedisConversationStore.builder(server.uri()).timeout(Duration.ofMillis(300)).build()) {
      server.freeze();
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      try {
        CountDownLatch ready = new CountDownLatch(callers);
        List<Future<Duration>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          calls.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    ready.await();
                    long started = System.nanoTime();
                    assertThatThrownBy(() -> store.load(id, 1))
                        .isInstanceOf(RedisStoreException.class);
                    return Duration.ofNanos(System.nanoTime() - started);
                  }));
        }
        for (Future<Duration> call : calls) {
          // One connection attempt (a timeout to connect, one for the handshake), generous for
          // a busy machine; not eight in a row.
          assertThat(call.get(30, TimeUnit.SECONDS)).isLessThan(Duration.ofMillis(1500));
        }
      } finally {
        pool.shutdownNow();
        server.thaw();
      }
      assertThat(store.load(id, 1)).isEmpty();
    }
  }

  @Test
  void aStoreBuiltWhileRedisIsDownConnectsOnItsFirstCallAfterRedisIsBack() {
    server.kill();
    try (RedisConversationStore store =
        RedisConversationStore.builder(server.uri()).timeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> store.load(id, 1))
          .isInstanceOf(RedisStoreException.class)
          .hasMessageContaining("in Redis at 127.0.0.1:" + server.port() + ": cannot connect");

      server.restart();

      store.append(id, exchange("first", 1));
      assertThat(store.load(id, 1)).containsExactly(exchange("first", 1));
    }
  }

  @Test
  void withTheApplicationsClientCallsWaitAtMostTheTimeoutAndTheClientStaysOpen() throws Exception {
    RedisClient client = RedisClient.create(server.uri());
    try {
      RedisConversationStore store =
          RedisConversationStore.builder(client).timeout(Duration.ofSeconds(1)).build();
      store.append(id, exchange("before", 1));
      assertThat(store.toString()).contains("redis=the application's RedisClient");
      server.kill();

      // The client's default options queue commands while disconnected: the timeout ends that.
      assertThatThrownBy(() -> store.load(id, 1))
          .isInstanceOf(RedisStoreException.class)
          .hasMessageContaining("in Redis at the application's RedisClient: ");

      awaitReconnection(client.getResources().eventBus(), server::restart);
      store.append(id, exchange("after", 2));
      assertThat(store.load(id, 5)).containsExactly(exchange("after", 2));

      store.close();
      try (StatefulRedisConnection<String, String> own = client.connect()) {
        assertThat(own.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aPasswordNeverShowsInToStringErrorsTheirCausesOrLogs() throws Exception {
    String password = "pw-" + UUID.randomUUID();
    // Lettuce logs through Netty's logging, which falls back to java.util.logging when SLF4J has
    // no binding, as here: every record down to DEBUG (FINE) is kept and searched. Not TRACE:
    // there Lettuce logs the bytes of every command, AUTH's password included (docs/scaling-out.md
    // says so).
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + " " + new SimpleFormatter().formatMessage(record));
            if (record.getThrown() != null) {
              logged.add(everythingPrinted(record.getThrown()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.FINE);
    Logger lettuce = Logger.getLogger("io.lettuce");
    Level before = lettuce.getLevel();
    lettuce.setLevel(Level.FINE);
    lettuce.addHandler(handler);
    try {
      withAPassword(password);
    } finally {
      lettuce.removeHandler(handler);
      lettuce.setLevel(before);
    }
    assertThat(logged).as("Lettuce's log records").isNotEmpty();
    assertThat(logged).noneMatch(line -> line.contains(password));
  }

  private void withAPassword(String password) throws Exception {
    try (RedisServer guarded =
        RedisServer.start(Path.of("target", "redis"), "--requirepass", password)) {
      String good = "redis://:" + password + "@127.0.0.1:" + guarded.port();
      try (RedisConversationStore store = RedisConversationStore.builder(good).build()) {
        store.append(id, exchange("secret kept", 1));
        assertThat(store.load(id, 1)).containsExactly(exchange("secret kept", 1));
        assertThat(store.toString()).doesNotContain(password).contains("127.0.0.1:");
      }

      String wrong = "redis://default:" + password + "-wrong@127.0.0.1:" + guarded.port();
      try (RedisConversationStore store =
          RedisConversationStore.builder(wrong).timeout(Duration.ofSeconds(2)).build()) {
        RedisStoreException failure =
            catchThrowableOfType(RedisStoreException.class, () -> store.load(id, 1));
        assertThat(failure).hasMessageContaining("cannot connect");
        assertThat(everythingPrinted(failure)).doesNotContain(password);
        assertThat(store.toString()).doesNotContain(password);
      }
    }
    // Lettuce's own message quotes this one whole.
    String malformed = "redis://:" + password + "@bad host:6379";
    assertThatThrownBy(() -> RedisConversationStore.builder(malformed).build())
        .isInstanceOf(IllegalArgumentException.class)
        // The index is java.net.URI's, which differs between JDKs (8 on 17, the space on 25).
        .hasMessageMatching(
            "not a Redis URI \\(Illegal character in authority at index \\d+: <uri>\\): .*")
        .hasMessageNotContaining(password)
        .hasNoCause();
    String badPort = "redis://user:" + password + "@host:70000";
    assertThatThrownBy(() -> RedisConversationStore.builder(badPort).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Redis URI (Port out of range: 70000)")
        .hasMessageNotContaining(password);
  }

  /** The throwable as a log would print it: every message and stack trace of the chain. */
  private static String everythingPrinted(Throwable failure) {
    StringWriter printed = new StringWriter();
    failure.printStackTrace(new PrintWriter(printed));
    return printed.toString();
  }

  /**
   * Runs {@code restart} and waits until the client has reconnected: Lettuce does it on its own,
   * after a delay that grows with each failed attempt.
   */
  static void awaitReconnection(EventBus events, Runnable restart) throws InterruptedException {
    CountDownLatch reconnected = new CountDownLatch(1);
    Disposable subscription =
        events
            .get()
            .filter(ConnectionActivatedEvent.class::isInstance)
            .subscribe(event -> reconnected.countDown());
    try {
      restart.run();
      assertThat(reconnected.await(RECONNECT_SECONDS, TimeUnit.SECONDS))
          .as("reconnected within " + RECONNECT_SECONDS + " s")
          .isTrue();
    } finally {
      subscription.dispose();
    }
  }
}
