package dev.majordomo.jdbc;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.testing.ConversationStoreContract;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store keeps the contract every store owes the runtime, on a real PostgreSQL. */
@ExtendWith(PostgresServer.class)
class PostgresConversationStoreContractTest extends ConversationStoreContract {
  private final PostgresCluster cluster;

  PostgresConversationStoreContractTest(PostgresCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  protected ConversationStore newStore() {
    JdbcConversationStore store = new JdbcConversationStore(cluster.pooledDataSource(), "contract");
    store.createSchema();
    return store;
  }
}
