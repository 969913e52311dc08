package dev.majordomo.examples.spring;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;

/**
 * The assistant behind the chat endpoint. The starter makes it a bean; its tools are the {@link
 * OrderTools} bean of the context, and each conversation's history is kept by the starter's
 * conversation store under the conversation's id.
 */
@Llm(chain = "support", tools = OrderTools.class)
@SystemPrompt("You are Acme's support desk. Use the tools for order facts; never guess them.")
public interface SupportDesk {
  @Prompt("{{message}}")
  String answer(@MemoryId String conversation, String message);
}
