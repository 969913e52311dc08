package dev.majordomo.spring.sample;

import dev.majordomo.Conversations;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;

/** An assistant with a tool class and conversation memory. */
@Llm(chain = "fast", tools = OrderTools.class)
public interface SupportDesk extends Conversations {
  @Prompt("{{question}}")
  String answer(@MemoryId String customer, String question);
}
