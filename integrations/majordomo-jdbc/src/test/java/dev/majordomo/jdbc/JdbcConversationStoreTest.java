package dev.majordomo.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** What the store checks and shows without touching a database. */
class JdbcConversationStoreTest {
  private final JdbcDataSource dataSource = new JdbcDataSource();

  @Test
  void theTableNameIsAPlainIdentifierNeverSqlText() {
    for (String bad :
        new String[] {
          "",
          "1messages",
          "messages;DROP TABLE users",
          "chat.messages",
          "\"Messages\"",
          "a b",
          "x".repeat(JdbcConversationStore.MAX_TABLE_NAME_LENGTH + 1),
          "naïve"
        }) {
      assertThatThrownBy(() -> new JdbcConversationStore(dataSource, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("table name must be letters, digits and underscores")
          .hasMessageEndingWith("was \"" + bad + "\"");
    }
    assertThat(new JdbcConversationStore(dataSource, "_Chat_2").table()).isEqualTo("_Chat_2");
    assertThat(
            new JdbcConversationStore(
                    dataSource, "x".repeat(JdbcConversationStore.MAX_TABLE_NAME_LENGTH))
                .table())
        .hasSize(JdbcConversationStore.MAX_TABLE_NAME_LENGTH);
  }

  @Test
  void theSchemaIsTheTableAndTwoIndexesNamedAfterIt() {
    assertThat(new JdbcConversationStore(dataSource, "chat").schemaStatements())
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS chat (\n"
                + "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                + "  conversation_id VARCHAR(512) NOT NULL,\n"
                + "  turn UUID NOT NULL,\n"
                + "  turn_tokens INTEGER NOT NULL,\n"
                + "  role VARCHAR(16) NOT NULL,\n"
                + "  body TEXT NOT NULL,\n"
                + "  created_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL\n"
                + ")",
            "CREATE INDEX IF NOT EXISTS chat_conversation_seq\n  ON chat (conversation_id, seq)",
            "CREATE INDEX IF NOT EXISTS chat_conversation_turn\n  ON chat (conversation_id, turn)");
  }

  @Test
  void toStringShowsTheTableAndNeverTheDataSource() {
    dataSource.setURL("jdbc:h2:mem:x;PASSWORD=s3cret-canary");
    dataSource.setPassword("s3cret-canary");

    assertThat(new JdbcConversationStore(dataSource))
        .hasToString("JdbcConversationStore[table=majordomo_messages]");
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> new JdbcConversationStore(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataSource");
    JdbcConversationStore store = new JdbcConversationStore(dataSource);
    assertThatThrownBy(() -> store.load(null, 1)).hasMessage("conversationId");
    assertThatThrownBy(() -> store.append("a.B/c", null)).hasMessage("turn");
  }
}
