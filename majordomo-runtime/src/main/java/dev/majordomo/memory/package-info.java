/**
 * Chat memory: the {@link dev.majordomo.memory.ConversationStore} SPI that keeps conversations, the
 * {@link dev.majordomo.memory.Turn} it stores, and the {@link dev.majordomo.memory.MemoryPolicy}
 * that decides how much of a conversation each call sends.
 */
package dev.majordomo.memory;
