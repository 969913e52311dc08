package dev.majordomo.spring.sample.other;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** An assistant with the simple name of another: its bean takes its binary name. */
@Llm(chain = "fast")
public interface Translator {
  @Prompt("Translate to German: {{text}}")
  String toGerman(String text);
}
