package dev.majordomo.benchmarks.spring;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** One of the five assistants of the start-up benchmark. */
@Llm(chain = "fast")
public interface Summarizer {
  @Prompt("Summarize in one sentence: {{text}}")
  String summarize(String text);
}
