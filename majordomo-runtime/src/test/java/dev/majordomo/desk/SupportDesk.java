package dev.majordomo.desk;

import dev.majordomo.Conversations;
import java.util.stream.Stream;

/**
 * A support desk with chat memory, as a user writes it ({@code @Llm(chain = "support")},
 * {@code @SystemPrompt}, {@code @Prompt("{{question}}")}, {@code @MemoryId String customer}); its
 * implementation is written by hand as the processor generates it (see {@link
 * Majordomo_SupportDesk}), because the runtime's tests run without the processor.
 */
public interface SupportDesk extends Conversations {
  String SYSTEM = "You are the support desk of Acme.";

  String answer(String customer, String question);

  Stream<String> streamAnswer(String customer, String question);
}
