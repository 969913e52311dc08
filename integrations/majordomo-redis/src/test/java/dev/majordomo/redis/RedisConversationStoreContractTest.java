package dev.majordomo.redis;

import dev.majordomo.memory.ConversationStore;
import dev.majordomo.testing.ConversationStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store keeps the contract every store owes the runtime, on a real Redis. */
@ExtendWith(RedisServerExtension.class)
class RedisConversationStoreContractTest extends ConversationStoreContract {
  private final RedisServer server;
  private RedisConversationStore store;

  RedisConversationStoreContractTest(RedisServer server) {
    this.server = server;
  }

  @Override
  protected ConversationStore newStore() {
    store = RedisConversationStore.builder(server.uri()).keyPrefix("contract:").build();
    return store;
  }

  @AfterEach
  void closeStore() {
    store.close();
  }
}
