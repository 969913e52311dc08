package dev.majordomo.benchmarks.spring;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** One of the five assistants of the start-up benchmark: structured output. */
@Llm(chain = "fast")
public interface SpamFilter {
  @Prompt("Is this message spam? {{message}}")
  boolean isSpam(String message);
}
