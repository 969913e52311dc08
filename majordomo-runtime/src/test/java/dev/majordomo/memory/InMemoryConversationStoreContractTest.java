package dev.majordomo.memory;

import dev.majordomo.testing.ConversationStoreContract;

/** The in-memory store keeps the contract every store owes the runtime. */
class InMemoryConversationStoreContractTest extends ConversationStoreContract {
  @Override
  protected ConversationStore newStore() {
    return new InMemoryConversationStore();
  }
}
