package dev.majordomo.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Message;
import dev.majordomo.memory.Turn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** The store on a real PostgreSQL: every test of the contract, then what only a server shows. */
@ExtendWith(PostgresServer.class)
class PostgresConversationStoreTest extends JdbcConversationStoreTests {
  private final PostgresCluster cluster;

  PostgresConversationStoreTest(PostgresCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  protected DataSource dataSource() {
    return cluster.pooledDataSource();
  }

  @Test
  void concurrentAppendsToOneConversationFromEightConnectionsAllLandWhole() throws Exception {
    int writers = 8;
    int turnsEach = 20;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int t = 0; t < turnsEach; t++) {
                    store.append("a.B/shared", numberedTurn(writer, t));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Turn> loaded = store.load("a.B/shared", Integer.MAX_VALUE);
    assertThat(loaded).hasSize(writers * turnsEach);
    Set<Turn> expected = new HashSet<>();
    for (int w = 0; w < writers; w++) {
      int last = -1;
      for (Turn turn : loaded) {
        String[] who = turn.messages().get(0).text().split(":");
        if (Integer.parseInt(who[0]) == w) {
          // Each writer's turns come back in the order it appended them.
          assertThat(Integer.parseInt(who[1])).isGreaterThan(last);
          last = Integer.parseInt(who[1]);
        }
      }
      for (int t = 0; t < turnsEach; t++) {
        expected.add(numberedTurn(w, t));
      }
    }
    // Every turn whole: the same messages and tokens as appended, none mixed with another's.
    assertThat(new HashSet<>(loaded)).isEqualTo(expected);
    int messages = loaded.stream().mapToInt(Turn::size).sum();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT COUNT(*), COUNT(DISTINCT seq), COUNT(DISTINCT turn) FROM "
                    + store.table())) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(messages);
      assertThat(r.getInt(2)).isEqualTo(messages);
      assertThat(r.getInt(3)).isEqualTo(writers * turnsEach);
    }
  }

  private static Turn numberedTurn(int writer, int turn) {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user(writer + ":" + turn));
    for (int i = 0; i <= (writer + turn) % 4; i++) {
      messages.add(Message.assistant(writer + ":" + turn + ":" + i));
    }
    return new Turn(messages, writer * 1000 + turn);
  }

  @Test
  void theBodyIsJsonThatPostgresqlCanQuery() throws SQLException {
    store.append("a.B/json", turn("q", "a"));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT body::jsonb ->> 'role', body::jsonb -> 'parts' -> 0 ->> 'text' FROM "
                    + store.table()
                    + " ORDER BY seq")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("user");
      assertThat(r.getString(2)).isEqualTo("q");
    }
  }

  @Test
  void anUnreachableDatabaseIsATypedErrorThatShowsNoPassword() {
    PGSimpleDataSource closed = new PGSimpleDataSource();
    closed.setServerNames(new String[] {"127.0.0.1"});
    closed.setPortNumbers(new int[] {1});
    closed.setUser("someone");
    closed.setPassword("s3cret-canary");
    closed.setConnectTimeout(2);
    JdbcConversationStore unreachable = new JdbcConversationStore(closed);

    assertThatThrownBy(() -> unreachable.append("a.B/alice", turn("q", "a")))
        .isInstanceOfSatisfying(
            JdbcStoreException.class,
            e -> assertThat(e.sqlState()).hasValueSatisfying(s -> assertThat(s).startsWith("08")))
        .hasMessageStartingWith("could not append to a conversation (a conversation id of 9")
        .hasMessageNotContaining("s3cret-canary");
    assertThat(unreachable.toString()).isEqualTo("JdbcConversationStore[table=majordomo_messages]");
  }
}
