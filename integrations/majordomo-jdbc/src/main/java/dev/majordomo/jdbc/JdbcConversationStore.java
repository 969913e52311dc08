package dev.majordomo.jdbc;

import dev.majordomo.JsonDecodingException;
import dev.majordomo.llm.Message;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MessageJson;
import dev.majordomo.memory.Turn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Conversations in a SQL table, over any {@link DataSource}: PostgreSQL is the database it is
 * written and tested for, H2 is tested too, and the SQL is standard enough for others. Bring the
 * driver and, in production, a connection pool: every call borrows one connection and gives it
 * back.
 *
 * <p>One row per message, in this table ({@link #createSchema()} creates it, or run the same DDL in
 * your migrations):
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS majordomo_messages (
 *   seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
 *   conversation_id VARCHAR(512) NOT NULL,
 *   turn UUID NOT NULL,
 *   turn_tokens INTEGER NOT NULL,
 *   role VARCHAR(16) NOT NULL,
 *   body TEXT NOT NULL,
 *   created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
 * );
 * CREATE INDEX IF NOT EXISTS majordomo_messages_conversation_seq
 *   ON majordomo_messages (conversation_id, seq);
 * CREATE INDEX IF NOT EXISTS majordomo_messages_conversation_turn
 *   ON majordomo_messages (conversation_id, turn);
 * }</pre>
 *
 * <ul>
 *   <li>{@code seq} orders the messages; the database numbers the rows, so appends from any number
 *       of processes never collide and never retry.
 *   <li>{@code turn} groups the messages of one {@link Turn}: a random UUID chosen by {@link
 *       #append}, so that it needs no read first. Turns are ordered by their first message. Two
 *       processes appending to one conversation at once may interleave the {@code seq} of their
 *       rows; each turn still loads whole, in the order their first messages were numbered.
 *   <li>{@code turn_tokens} is the turn's {@linkplain Turn#tokens() tokens}, on each of its rows.
 *   <li>{@code role} repeats the role in {@code body} for people reading the table: {@code user},
 *       {@code assistant}, {@code tool}.
 *   <li>{@code body} is the message in {@link MessageJson}'s versioned form, as text rather than
 *       {@code jsonb}: the store never queries inside it, text keeps it character for character,
 *       and the same column type exists in every database. PostgreSQL casts it when you need it:
 *       {@code body::jsonb}.
 * </ul>
 *
 * <p>Each method is one SQL statement, so one round trip: {@link #load} selects the newest whole
 * turns in one query, {@link #append} inserts the turn's rows in one multi-row {@code INSERT}
 * (atomic on its own; turns of more than 1,000 messages take several, in one transaction), {@link
 * #delete} deletes the conversation's rows. A connection handed out with auto-commit off is
 * committed after each call (rolled back on failure).
 *
 * <p>The table name is an identifier that this class checks ({@code [A-Za-z_][A-Za-z0-9_]*}, at
 * most {@value #MAX_TABLE_NAME_LENGTH} characters) and writes into the SQL unquoted, so the
 * database folds its case as usual; choose the schema with the connection (PostgreSQL's {@code
 * currentSchema} URL parameter, for one). No value ever becomes SQL text: ids and messages are
 * bound parameters.
 *
 * <p>Failures are {@link JdbcStoreException}s naming the operation, the id's length and the table;
 * the data source (whose URL may hold a password) is never printed.
 */
public final class JdbcConversationStore implements ConversationStore {

  /** The table used when none is named. */
  public static final String DEFAULT_TABLE = "majordomo_messages";

  /** The longest conversation id (namespace, slash and id) the table holds, in characters. */
  public static final int MAX_CONVERSATION_ID_LENGTH = 512;

  /** The longest table name: the index names add 18 characters and PostgreSQL keeps 63. */
  public static final int MAX_TABLE_NAME_LENGTH = 40;

  /**
   * The most rows one {@code INSERT} writes (5 parameters each; PostgreSQL's protocol allows 65535
   * parameters per statement).
   */
  static final int ROWS_PER_STATEMENT = 1000;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final DataSource dataSource;
  private final String table;
  private final String loadSql;
  private final String deleteSql;

  /** A store in the table {@value #DEFAULT_TABLE}. */
  public JdbcConversationStore(DataSource dataSource) {
    this(dataSource, DEFAULT_TABLE);
  }

  /**
   * A store in {@code table}.
   *
   * @throws IllegalArgumentException when {@code table} is not a plain SQL identifier of at most
   *     {@value #MAX_TABLE_NAME_LENGTH} characters
   */
  public JdbcConversationStore(DataSource dataSource, String table) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(table, "table");
    if (!IDENTIFIER.matcher(table).matches() || table.length() > MAX_TABLE_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "table name must be letters, digits and underscores, not starting with a digit, at most "
              + MAX_TABLE_NAME_LENGTH
              + " characters (choose the schema with the connection), was \""
              + table
              + "\"");
    }
    this.table = table;
    this.loadSql =
        "SELECT turn, turn_tokens, body FROM "
            + table
            + " WHERE conversation_id = ? AND turn IN (SELECT turn FROM "
            + table
            + " WHERE conversation_id = ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY)"
            + " ORDER BY seq";
    this.deleteSql = "DELETE FROM " + table + " WHERE conversation_id = ?";
  }

  /** The table's name, as given. */
  public String table() {
    return table;
  }

  /**
   * The statements {@link #createSchema()} runs, in order: the table and its two indexes, each
   * {@code IF NOT EXISTS}. For migration tools, which should own the schema in production.
   */
  public List<String> schemaStatements() {
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (\n"
            + "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
            + "  conversation_id VARCHAR("
            + MAX_CONVERSATION_ID_LENGTH
            + ") NOT NULL,\n"
            + "  turn UUID NOT NULL,\n"
            + "  turn_tokens INTEGER NOT NULL,\n"
            + "  role VARCHAR(16) NOT NULL,\n"
            + "  body TEXT NOT NULL,\n"
            + "  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL\n"
            + ")",
        "CREATE INDEX IF NOT EXISTS "
            + table
            + "_conversation_seq\n  ON "
            + table
            + " (conversation_id, seq)",
        "CREATE INDEX IF NOT EXISTS "
            + table
            + "_conversation_turn\n  ON "
            + table
            + " (conversation_id, turn)");
  }

  /**
   * Creates the table and its indexes unless they exist. Run it once, at deployment; two processes
   * creating the same table at the same moment may see PostgreSQL refuse one of them.
   */
  public void createSchema() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      boolean autoCommit = connection.getAutoCommit();
      try {
        for (String sql : schemaStatements()) {
          statement.execute(sql);
        }
        if (!autoCommit) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        rollback(connection, !autoCommit, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new JdbcStoreException("create the schema", null, table, e);
    }
  }

  @Override
  public List<Turn> load(String conversationId, int maxMessages) {
    checkId(conversationId);
    if (maxMessages < 1) {
      throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
    }
    Map<UUID, TurnRows> turns = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      try (PreparedStatement statement = connection.prepareStatement(loadSql)) {
        statement.setString(1, conversationId);
        statement.setString(2, conversationId);
        statement.setInt(3, maxMessages);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            UUID turn = rows.getObject(1, UUID.class);
            int tokens = rows.getInt(2);
            String body = rows.getString(3);
            turns.computeIfAbsent(turn, t -> new TurnRows(tokens)).add(turn, body, table);
          }
        }
        if (!autoCommit) {
          connection.commit(); // ends the read's transaction before the connection goes back
        }
      } catch (SQLException | RuntimeException e) {
        rollback(connection, !autoCommit, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new JdbcStoreException("load", conversationId, table, e);
    }
    List<Turn> loaded = new ArrayList<>(turns.size());
    for (TurnRows rows : turns.values()) {
      loaded.add(new Turn(rows.messages, rows.tokens));
    }
    return loaded;
  }

  @Override
  public void append(String conversationId, Turn turn) {
    checkId(conversationId);
    Objects.requireNonNull(turn, "turn");
    UUID turnId = UUID.randomUUID();
    List<Message> messages = turn.messages();
    List<String> bodies = new ArrayList<>(messages.size());
    for (Message message : messages) {
      bodies.add(MessageJson.write(message));
    }
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      // One INSERT is atomic by itself; several need a transaction of their own.
      boolean ownTransaction = autoCommit && messages.size() > ROWS_PER_STATEMENT;
      if (ownTransaction) {
        connection.setAutoCommit(false);
      }
      boolean transaction = ownTransaction || !autoCommit;
      try {
        for (int from = 0; from < messages.size(); from += ROWS_PER_STATEMENT) {
          int to = Math.min(messages.size(), from + ROWS_PER_STATEMENT);
          try (PreparedStatement statement = connection.prepareStatement(insertSql(to - from))) {
            int p = 1;
            for (int i = from; i < to; i++) {
              statement.setString(p++, conversationId);
              statement.setObject(p++, turnId);
              statement.setInt(p++, turn.tokens());
              statement.setString(p++, messages.get(i).role().name().toLowerCase(Locale.ROOT));
              statement.setString(p++, bodies.get(i));
            }
            statement.executeUpdate();
          }
        }
        if (transaction) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        rollback(connection, transaction, e);
        if (ownTransaction) {
          // Tried, but the turn's own error is the one to report.
          try {
            connection.setAutoCommit(true);
          } catch (SQLException restore) {
            e.addSuppressed(restore);
          }
        }
        throw e;
      }
      if (ownTransaction) {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new JdbcStoreException("append to", conversationId, table, e);
    }
  }

  @Override
  public void delete(String conversationId) {
    checkId(conversationId);
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      try (PreparedStatement statement = connection.prepareStatement(deleteSql)) {
        statement.setString(1, conversationId);
        statement.executeUpdate();
        if (!autoCommit) {
          connection.commit();
        }
      } catch (SQLException | RuntimeException e) {
        rollback(connection, !autoCommit, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new JdbcStoreException("delete", conversationId, table, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcConversationStore[table=" + table + "]";
  }

  private String insertSql(int rows) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(table)
            .append(" (conversation_id, turn, turn_tokens, role, body) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }

  private static void checkId(String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId");
    if (conversationId.isBlank()) {
      throw new IllegalArgumentException("a conversation id must not be blank");
    }
    if (conversationId.length() > MAX_CONVERSATION_ID_LENGTH) {
      throw new IllegalArgumentException(
          "a conversation id holds at most "
              + MAX_CONVERSATION_ID_LENGTH
              + " characters in a JDBC store, this one has "
              + conversationId.length()
              + " (the id is not shown: it may be personal data)");
    }
    // Text columns hold neither (PostgreSQL refuses NUL; a driver turns a lone surrogate into "?",
    // which would merge two ids).
    for (int i = 0; i < conversationId.length(); i++) {
      char c = conversationId.charAt(i);
      if (c == '\u0000') {
        throw new IllegalArgumentException(
            "a conversation id in a JDBC store cannot hold NUL (at index " + i + ")");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < conversationId.length()
          && Character.isLowSurrogate(conversationId.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "a conversation id in a JDBC store cannot hold an unpaired surrogate (at index "
                + i
                + ")");
      }
    }
  }

  private static void rollback(Connection connection, boolean inTransaction, Exception failure) {
    if (!inTransaction) {
      return;
    }
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** The rows of one turn read so far. */
  private static final class TurnRows {
    final int tokens;
    final List<Message> messages = new ArrayList<>();

    TurnRows(int tokens) {
      this.tokens = tokens;
    }

    void add(UUID turn, String body, String table) {
      try {
        messages.add(MessageJson.read(body));
      } catch (JsonDecodingException e) {
        throw new JsonDecodingException(
            e.path(),
            "table "
                + table
                + ", turn "
                + turn
                + ", message "
                + (messages.size() + 1)
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }
}
