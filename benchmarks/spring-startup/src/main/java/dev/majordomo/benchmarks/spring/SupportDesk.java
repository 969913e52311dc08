package dev.majordomo.benchmarks.spring;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** One of the five assistants of the start-up benchmark: a tool bean from the context. */
@Llm(chain = "fast", tools = OrderTools.class)
public interface SupportDesk {
  @Prompt("{{question}}")
  String answer(String question);
}
