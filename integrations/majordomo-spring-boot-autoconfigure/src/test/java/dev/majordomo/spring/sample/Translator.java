package dev.majordomo.spring.sample;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** An assistant without tools. */
@Llm(chain = "fast")
public interface Translator {
  @Prompt("Translate to French: {{text}}")
  String toFrench(String text);
}
