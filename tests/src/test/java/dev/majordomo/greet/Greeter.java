package dev.majordomo.greet;

import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Options;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * An assistant as a user writes it; the processor generates {@code Majordomo_Greeter} when this
 * module's tests compile. It sets no {@code maxToolRounds}, so the registry's limit applies.
 */
@Llm(chain = "fake/primary,fake/backup", tools = GreeterTools.class)
@SystemPrompt("You greet people.")
@Options(temperature = 0.0)
public interface Greeter {
  @Prompt("Greet {{name}}.")
  String greet(String name);

  @Prompt("Greet {{name}}.")
  Reply<String> greetWithDetails(String name);

  @Prompt("Greet {{name}}.")
  Stream<String> greetStreaming(String name);

  @Prompt("Greet {{name}}.")
  CompletableFuture<String> greetAsync(String name);

  /** A nested assistant: its generated class is {@code Majordomo_Greeter_Polite}. */
  @Llm(chain = "fake/primary")
  interface Polite {
    @Prompt("Thank {{name}}.")
    String thank(String name);
  }
}
