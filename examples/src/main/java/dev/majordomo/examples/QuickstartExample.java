package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;

/**
 * Example 1: the quickstart. An assistant is an annotated interface; the annotation processor
 * generates its implementation at compile time ({@code Majordomo_QuickstartExample_Concierge}).
 * Each call goes through the chain {@code "fast"} and fails over along it; declaring the return
 * type as {@code Reply<String>} gives the answer together with the target that answered and the
 * attempt log.
 *
 * <p>Without {@code LLM_FAST} and without Ollama, the first call finds Ollama's port closed
 * (connection refused: a transient error), retries it once and moves on to the scripted endpoint;
 * the second call fails once more, which benches Ollama; the third skips it at once.
 */
public final class QuickstartExample {
  private QuickstartExample() {}

  @Llm(chain = "fast")
  @SystemPrompt("You are a friendly city concierge. Answer in one or two sentences.")
  interface Concierge {
    @Prompt("Suggest one thing to do in {{city}} this evening.")
    Reply<String> suggest(String city);

    /** Without {@code @Prompt}, the single String parameter is the message. */
    Reply<String> ask(String question);
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(QuickstartExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 1: quickstart, a failover chain");
    Concierge concierge = Assistants.create(Concierge.class, setup.registry());

    setup.printReply("concierge.suggest(\"Lisbon\")", concierge.suggest("Lisbon"));
    setup.printReply("concierge.suggest(\"Kyoto\")", concierge.suggest("Kyoto"));
    setup.printReply(
        "concierge.ask(\"Which is older, Lisbon or Rome?\")",
        concierge.ask("Which is older, Lisbon or Rome?"));
  }
}
