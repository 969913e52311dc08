package golden.text;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Options;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;

/** Plain text in, plain text out: prompts, a system prompt, a chain and options. */
@Llm(chain = "fast,smart")
@SystemPrompt(
    "You are a patient chef who explains every step. Answer in plain prose, without lists, and"
        + " keep each answer under two hundred words unless the user asks for more detail.")
@Options(temperature = 0.2, timeout = "30s")
public interface Chef {
  @Prompt("How do I cook {{dish}} for {{guests}} people?")
  String howTo(String dish, int guests);

  @Llm(chain = "smart")
  @Options(maxTokens = 400, stop = {"END", "STOP"}, seed = 42, topP = 0.9)
  @SystemPrompt("You pair wines with {{dish}}.")
  @Prompt("Which wine goes with it?")
  String wine(String dish);

  String ask(String question);
}
