package dev.majordomo.benchmarks.spring;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;

/** One of the five assistants of the start-up benchmark: conversation memory. */
@Llm(chain = "fast")
public interface Concierge {
  @Prompt("{{question}}")
  String ask(@MemoryId String guest, String question);
}
