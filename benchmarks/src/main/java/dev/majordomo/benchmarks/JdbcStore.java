package dev.majordomo.benchmarks;

import dev.majordomo.jdbc.JdbcConversationStore;
import dev.majordomo.jdbc.PostgresCluster;
import dev.majordomo.llm.Message;
import dev.majordomo.memory.Turn;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B7: what chat memory in PostgreSQL adds to a call: {@code JdbcConversationStore.load} of a
 * conversation holding {@code history} messages (all of them, as a policy of that many would) and
 * {@code append} of one question-and-answer turn, from 1 thread and from 32 threads, each thread on
 * a conversation of its own. The server is a throw-away cluster on loopback (fsync off, as in the
 * tests), reached through a pool of 40 connections; latency per call in µs, with percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class JdbcStore {

  /** The server, the table and its store, shared by every thread of a trial. */
  @State(Scope.Benchmark)
  public static class Database {
    @Param({"10", "100"})
    public int history;

    PostgresCluster cluster;
    JdbcConversationStore store;
    final AtomicInteger conversations = new AtomicInteger();

    @Setup(Level.Trial)
    public void start() throws Exception {
      cluster = PostgresCluster.start(Path.of("target", "postgres-bench"));
      store = new JdbcConversationStore(cluster.pooledDataSource());
      store.createSchema();
    }

    @TearDown(Level.Trial)
    public void stop() {
      cluster.close();
    }
  }

  /** One thread's conversation, holding {@code history} messages at the start of each iteration. */
  @State(Scope.Thread)
  public static class Conversation {
    String id;
    Turn next;

    @Setup(Level.Iteration)
    public void fill(Database db) {
      if (id == null) {
        id = "dev.majordomo.benchmarks.Bench/" + db.conversations.incrementAndGet();
      }
      db.store.delete(id);
      for (int i = 0; i < db.history / 2; i++) {
        db.store.append(id, exchange(i));
      }
      List<Turn> loaded = db.store.load(id, db.history);
      Check.equal(db.history, loaded.stream().mapToInt(Turn::size).sum());
      next = exchange(db.history);
    }
  }

  /** A question and an answer of about the length of a support-desk exchange. */
  static Turn exchange(int n) {
    return new Turn(
        List.of(
            Message.user("Question " + n + ": where is my order 4711? It was due on Monday."),
            Message.assistant(
                "Order 4711 left the warehouse on Tuesday and arrives tomorrow, before noon.")),
        48);
  }

  @Benchmark
  @Threads(1)
  public List<Turn> load(Database db, Conversation c) {
    return db.store.load(c.id, db.history);
  }

  @Benchmark
  @Threads(1)
  public void append(Database db, Conversation c) {
    db.store.append(c.id, c.next);
  }

  @Benchmark
  @Threads(32)
  public List<Turn> load32(Database db, Conversation c) {
    return db.store.load(c.id, db.history);
  }

  @Benchmark
  @Threads(32)
  public void append32(Database db, Conversation c) {
    db.store.append(c.id, c.next);
  }
}
