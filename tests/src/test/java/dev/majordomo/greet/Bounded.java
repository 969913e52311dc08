package dev.majordomo.greet;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;

/** An assistant that sets its own {@code maxToolRounds}, which wins over the registry's limit. */
@Llm(chain = "fake/primary", tools = GreeterTools.class, maxToolRounds = 2)
public interface Bounded {
  @Prompt("Greet {{name}}.")
  String greet(String name);

  @Llm(maxToolRounds = 0)
  @Prompt("Greet {{name}} without tools.")
  String greetWithoutTools(String name);
}
