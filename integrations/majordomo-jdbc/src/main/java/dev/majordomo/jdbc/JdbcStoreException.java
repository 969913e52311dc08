package dev.majordomo.jdbc;

import dev.majordomo.MajordomoException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A {@link JdbcConversationStore} call that the database refused or could not answer: the message
 * names the operation, the table and the database's own error and SQLState; the {@link #getCause()
 * cause} is the driver's {@link SQLException}. A missing table adds how to create it.
 *
 * <p>The message never holds the conversation id, which may be personal data (an e-mail address),
 * only its length; where the database's error quotes it, it reads {@code <conversation id>}. The id
 * is {@link #conversationId()}, for a caller that decides to show it. The cause is the driver's own
 * and may quote it.
 */
public final class JdbcStoreException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  private final String conversationId;
  private final String sqlState;

  JdbcStoreException(String operation, String conversationId, String table, SQLException cause) {
    super(message(operation, conversationId, table, cause), cause);
    this.conversationId = conversationId;
    this.sqlState = cause.getSQLState();
  }

  /** The conversation the call was about; empty for {@link JdbcConversationStore#createSchema}. */
  public Optional<String> conversationId() {
    return Optional.ofNullable(conversationId);
  }

  /** The database's SQLState, such as {@code 42P01} or {@code 08001}, if the driver gave one. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  private static String message(
      String operation, String conversationId, String table, SQLException cause) {
    StringBuilder message = new StringBuilder("could not ").append(operation);
    String databaseMessage = String.valueOf(cause.getMessage());
    if (conversationId != null) {
      message
          .append(" a conversation (a conversation id of ")
          .append(conversationId.length())
          .append(" characters)");
      databaseMessage = databaseMessage.replace(conversationId, "<conversation id>");
    }
    message.append(" in table ").append(table).append(": ").append(databaseMessage);
    if (cause.getSQLState() != null) {
      message.append(" (SQLState ").append(cause.getSQLState()).append(')');
    }
    if (isMissingTable(cause.getSQLState())) {
      message
          .append("; create the table with JdbcConversationStore.createSchema() or the DDL in")
          .append(" its Javadoc");
    }
    return message.toString();
  }

  // PostgreSQL's undefined_table; the standard's "base table or view not found", which H2 uses
  private static boolean isMissingTable(String sqlState) {
    return "42P01".equals(sqlState) || "42S02".equals(sqlState) || "42102".equals(sqlState);
  }
}
