package dev.majordomo;

import dev.majordomo.llm.Message;
import java.util.List;

/**
 * What an assistant with chat memory may extend to read and delete its conversations. The
 * annotation processor implements both methods; the conversation id is converted as a
 * {@code @MemoryId} argument is (a {@code String}, {@code UUID}, {@code Long}, {@code Integer}, or
 * an enum constant's name).
 *
 * <pre>{@code
 * @Llm(chain = "fast")
 * interface SupportDesk extends Conversations {
 *   @Prompt("{{question}}")
 *   String answer(@MemoryId String customer, String question);
 * }
 * }</pre>
 */
public interface Conversations {

  /**
   * The messages stored for conversation {@code id}, oldest first: every user message, tool call,
   * tool result and answer of its completed calls (never the system prompt). Empty when nothing is
   * stored.
   *
   * @throws IllegalArgumentException when {@code id} is {@code null} or of a type a conversation id
   *     cannot have
   */
  List<Message> history(Object id);

  /**
   * Deletes conversation {@code id}: its next call starts with no history.
   *
   * @throws IllegalArgumentException when {@code id} is {@code null} or of a type a conversation id
   *     cannot have
   */
  void forget(Object id);
}
