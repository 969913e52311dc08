package dev.majordomo.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.media.Image;
import dev.majordomo.memory.Turn;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcConversationStore} does on every database it is tested on, besides {@code
 * ConversationStoreContract}: SQL round trips, transactions, the table and the errors. Each
 * subclass gives the database; every test works in a table of its own.
 */
abstract class JdbcConversationStoreTests {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 7};

  protected DataSource dataSource;
  protected JdbcConversationStore store;

  /** The database under test; a new data source each call is fine. */
  protected abstract DataSource dataSource();

  @BeforeEach
  void createTable() {
    dataSource = dataSource();
    store = new JdbcConversationStore(dataSource, "messages_" + TABLES.incrementAndGet());
    store.createSchema();
  }

  static Turn turn(String question, String answer) {
    return new Turn(List.of(Message.user(question), Message.assistant(answer)), 10);
  }

  @Test
  void loadReturnsTheNewestWholeTurnsHoldingTheNewestMessages() {
    Turn one = turn("1", "one");
    Turn two =
        new Turn(
            List.of(
                Message.user("2"),
                Message.assistant(List.of(new Part.ToolCall("c", "t", "{}"))),
                Message.toolResults(List.of(new Part.ToolResult("c", "t", "r", false))),
                Message.assistant("two")),
            4);
    Turn three = turn("3", "three");
    store.append("a.B/x", one);
    store.append("a.B/x", two);
    store.append("a.B/x", three);

    assertThat(store.load("a.B/x", 1)).containsExactly(three);
    assertThat(store.load("a.B/x", 2)).containsExactly(three);
    // The third newest message is in the middle of turn two: all of it comes back.
    assertThat(store.load("a.B/x", 3)).containsExactly(two, three);
    assertThat(store.load("a.B/x", 6)).containsExactly(two, three);
    assertThat(store.load("a.B/x", 7)).containsExactly(one, two, three);
    assertThat(store.load("a.B/x", 1000)).containsExactly(one, two, three);
  }

  @Test
  void everyKindOfPartAndAnyTextRoundTripsThroughTheDatabase() {
    String awkward = "é ü 中文 \uD83D\uDE00 lone \uD800 nul \u0000 quote ' \" back \\ \n\t end";
    Turn turn =
        new Turn(
            List.of(
                Message.user(
                    List.of(
                        Part.text(awkward),
                        Part.image(Image.fromUrl(URI.create("https://example.com/a.png"))),
                        Part.image(Image.fromBytes(PNG, "image/png")))),
                Message.assistant(
                    List.of(
                        Part.text("calling"),
                        new Part.ToolCall("id'1", "tool", "{ \"q\" : \"" + awkward + "\" }"))),
                Message.toolResults(List.of(new Part.ToolResult("id'1", "tool", awkward, false))),
                Message.assistant(awkward)),
            0);
    String id = "a.B/é ü 中文 \uD83D\uDE00 ' \" \\ %_";
    store.append(id, turn);

    assertThat(store.load(id, 100)).containsExactly(turn);
    assertThat(store.load("a.B/é ü 中文 \uD83D\uDE00 ' \" \\ xx", 100)).isEmpty();
  }

  @Test
  void aTurnLargerThanOneStatementIsStoredWholeAndTheConnectionKeepsAutoCommit()
      throws SQLException {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user("start"));
    int size = JdbcConversationStore.ROWS_PER_STATEMENT * 2 + 501;
    while (messages.size() < size) {
      messages.add(Message.assistant("m" + messages.size()));
    }
    Turn big = new Turn(messages, 77);
    CountingDataSource counting = new CountingDataSource(dataSource);
    JdbcConversationStore counted = new JdbcConversationStore(counting, store.table());

    counted.append("a.B/big", turn("before", "b"));
    counted.append("a.B/big", big);

    assertThat(counting.statements()).isEqualTo(1 + 3);
    assertThat(counting.autoCommitAtClose()).containsOnly(true);
    assertThat(store.load("a.B/big", 1)).containsExactly(big);
    assertThat(store.load("a.B/big", Integer.MAX_VALUE)).hasSize(2);
  }

  @Test
  void aTurnThatFailsHalfWayStoresNothing() {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user("start"));
    while (messages.size() < JdbcConversationStore.ROWS_PER_STATEMENT + 10) {
      messages.add(Message.assistant("m"));
    }
    CountingDataSource failing = new CountingDataSource(dataSource);
    failing.failExecutionNumber(2); // the second INSERT of the turn
    JdbcConversationStore store2 = new JdbcConversationStore(failing, store.table());

    assertThatThrownBy(() -> store2.append("a.B/half", new Turn(messages, 1)))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith(
            "could not append to a conversation (a conversation id of 8 characters) in table ")
        .hasMessageContaining("injected failure")
        .hasMessageNotContaining("half");

    assertThat(store.load("a.B/half", Integer.MAX_VALUE)).isEmpty();
    assertThat(failing.autoCommitAtClose()).containsOnly(true);
  }

  @Test
  void aTurnThatFailsHalfWayReportsItsOwnErrorEvenWhenAutoCommitCannotBeRestored() {
    List<Message> messages = new ArrayList<>();
    messages.add(Message.user("start"));
    while (messages.size() < JdbcConversationStore.ROWS_PER_STATEMENT + 10) {
      messages.add(Message.assistant("m"));
    }
    CountingDataSource failing = new CountingDataSource(dataSource);
    failing.failExecutionNumber(2); // the second INSERT of the turn
    failing.failSettingAutoCommitOn();
    JdbcConversationStore store2 = new JdbcConversationStore(failing, store.table());

    assertThatThrownBy(() -> store2.append("a.B/half", new Turn(messages, 1)))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("injected failure")
        .satisfies(
            e ->
                assertThat(e.getCause().getSuppressed())
                    .extracting(Throwable::getMessage)
                    .contains("injected: auto-commit cannot be set"));

    assertThat(store.load("a.B/half", Integer.MAX_VALUE)).isEmpty();
  }

  @Test
  void aConnectionWithAutoCommitOffIsCommittedAndLeftSo() {
    CountingDataSource manual = new CountingDataSource(dataSource);
    manual.autoCommitOnOpen(false);
    JdbcConversationStore store2 = new JdbcConversationStore(manual, store.table());

    store2.append("a.B/manual", turn("q", "a"));
    assertThat(store.load("a.B/manual", 10)).containsExactly(turn("q", "a"));
    assertThat(store2.load("a.B/manual", 10)).containsExactly(turn("q", "a"));
    store2.delete("a.B/manual");
    assertThat(store.load("a.B/manual", 10)).isEmpty();

    assertThat(manual.autoCommitAtClose()).hasSize(3).containsOnly(false);
    assertThat(manual.commits()).isEqualTo(3);
  }

  @Test
  void loadAppendAndDeleteAreOneStatementEach() {
    store.append("a.B/one", turn("0", "0"));
    store.append("a.B/one", turn("1", "1"));
    CountingDataSource counting = new CountingDataSource(dataSource);
    JdbcConversationStore counted = new JdbcConversationStore(counting, store.table());

    counted.load("a.B/one", 3);
    assertThat(counting.statements()).isEqualTo(1);
    assertThat(counting.executions()).isEqualTo(1);

    counted.append(
        "a.B/one",
        new Turn(
            List.of(
                Message.user("2"),
                Message.assistant(List.of(new Part.ToolCall("c", "t", "{}"))),
                Message.toolResults(List.of(new Part.ToolResult("c", "t", "r", false))),
                Message.assistant("2")),
            3));
    assertThat(counting.statements()).isEqualTo(2);
    assertThat(counting.executions()).isEqualTo(2);

    counted.delete("a.B/one");
    assertThat(counting.statements()).isEqualTo(3);
    assertThat(counting.executions()).isEqualTo(3);
    assertThat(counting.connections()).isEqualTo(3);
  }

  @Test
  void createSchemaTwiceIsHarmlessAndKeepsTheRows() {
    store.append("a.B/keep", turn("q", "a"));
    store.createSchema();
    assertThat(store.load("a.B/keep", 10)).containsExactly(turn("q", "a"));
  }

  @Test
  void aMissingTableIsATypedErrorThatSaysHowToCreateIt() {
    JdbcConversationStore missing = new JdbcConversationStore(dataSource, "no_such_table");

    assertThatThrownBy(() -> missing.load("a.B/alice", 5))
        .isInstanceOfSatisfying(
            JdbcStoreException.class,
            e -> {
              assertThat(e.conversationId()).contains("a.B/alice");
              assertThat(e.sqlState()).isPresent();
              assertThat(e.getCause()).isInstanceOf(SQLException.class);
            })
        .hasMessageStartingWith(
            "could not load a conversation (a conversation id of 9 characters) in table"
                + " no_such_table:")
        .hasMessageContaining("createSchema()")
        .hasMessageNotContaining("alice");
    assertThatThrownBy(() -> missing.append("a.B/alice", turn("q", "a")))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not append to a conversation (a conversation id of 9")
        .hasMessageNotContaining("alice");
    assertThatThrownBy(() -> missing.delete("a.B/alice"))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageStartingWith("could not delete a conversation (a conversation id of 9")
        .hasMessageNotContaining("alice");
  }

  @Test
  void theDatabasesOwnMessageNeverShowsTheConversationId() {
    CountingDataSource failing = new CountingDataSource(dataSource);
    // as a driver may quote a key: PostgreSQL's "Key (conversation_id)=(...) already exists"
    failing.failExecutionNumber(
        1, "duplicate key: Key (conversation_id)=(a.B/bob@example.com) already exists");
    JdbcConversationStore store2 = new JdbcConversationStore(failing, store.table());

    assertThatThrownBy(() -> store2.append("a.B/bob@example.com", turn("q", "a")))
        .isInstanceOfSatisfying(
            JdbcStoreException.class,
            e -> assertThat(e.conversationId()).contains("a.B/bob@example.com"))
        .hasMessageContaining("Key (conversation_id)=(<conversation id>) already exists")
        .hasMessageNotContaining("bob");
  }

  @Test
  void aRowThatIsNotAStoredMessageNamesItsTableTurnAndPathButNotItsConversationId()
      throws SQLException {
    store.append("a.B/bad", turn("q", "a"));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE "
              + store.table()
              + " SET body = '{\"v\":9,\"role\":\"user\",\"parts\":[]}' WHERE role = 'assistant'");
    }

    assertThatThrownBy(() -> store.load("a.B/bad", 10))
        .isInstanceOf(dev.majordomo.JsonDecodingException.class)
        .hasMessageContaining("table " + store.table() + ", turn ")
        .hasMessageContaining("message 2: unknown stored message version 9")
        .hasMessageNotContaining("a.B/bad");
  }

  @Test
  void anIdTheColumnCannotHoldIsRefusedBeforeAnySql() {
    String id = "a.B/" + "x".repeat(JdbcConversationStore.MAX_CONVERSATION_ID_LENGTH);
    CountingDataSource counting = new CountingDataSource(dataSource);
    JdbcConversationStore counted = new JdbcConversationStore(counting, store.table());

    assertThatThrownBy(() -> counted.append(id, turn("q", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 512 characters")
        .hasMessageContaining("this one has 516")
        .hasMessageNotContaining("xxx");
    assertThatThrownBy(() -> counted.load(id, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counted.load("a.B/x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessages must be at least 1, was 0");
    assertThatThrownBy(() -> counted.append("a.B/nul\u0000", turn("q", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> counted.load("a.B/\uD800", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    assertThat(counting.connections()).isZero();

    String longest = "a.B/" + "é".repeat(JdbcConversationStore.MAX_CONVERSATION_ID_LENGTH - 4);
    store.append(longest, turn("q", "a"));
    assertThat(store.load(longest, 10)).containsExactly(turn("q", "a"));
  }
}
