package dev.majordomo.jdbc;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.testing.ConversationStoreContract;
import org.h2.jdbcx.JdbcDataSource;

/** The store keeps the contract every store owes the runtime, on H2 in memory. */
class H2ConversationStoreContractTest extends ConversationStoreContract {
  @Override
  protected ConversationStore newStore() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1");
    JdbcConversationStore store = new JdbcConversationStore(h2);
    store.createSchema();
    return store;
  }
}
