package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.Conversations;
import dev.majordomo.Reply;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.MemoryId;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import dev.majordomo.llm.Message;

/**
 * Example 5: chat memory. The {@code @MemoryId} parameter names the conversation a call continues:
 * each call sends the conversation's history (the newest 40 messages unless configured) before the
 * question, and stores its own turn when it succeeds. Conversations are kept by the registry's
 * in-memory store unless the builder names another; since the history is canonical messages, any
 * model of the chain can continue any conversation. Extending {@link Conversations} adds {@code
 * history(id)} and {@code forget(id)}.
 */
public final class ConversationExample {
  private ConversationExample() {}

  @Llm(chain = "fast")
  @SystemPrompt("You are the support desk of Acme. Answer in one sentence.")
  interface SupportDesk extends Conversations {
    @Prompt("{{question}}")
    Reply<String> answer(@MemoryId String customer, String question);
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(ConversationExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 5: chat memory (one conversation per customer)");
    SupportDesk desk = Assistants.create(SupportDesk.class, setup.registry());

    ask(setup, desk, "alice", "Hi, I am Alice. My order A-1 has not arrived.");
    ask(setup, desk, "bob", "What is your refund policy?");
    ask(setup, desk, "alice", "Which order did I ask about?");

    setup.out().println();
    setup.out().println("Stored for alice (desk.history(\"alice\")):");
    for (Message m : desk.history("alice")) {
      setup
          .out()
          .println(
              "  " + m.role() + ": " + ExampleSetup.shorten(ExampleSetup.oneLine(m.text()), 90));
    }
    desk.forget("alice");
    setup
        .out()
        .println("After desk.forget(\"alice\"): " + desk.history("alice").size() + " messages");
  }

  private static void ask(ExampleSetup setup, SupportDesk desk, String customer, String question) {
    Reply<String> reply = desk.answer(customer, question);
    setup.out().println();
    setup.out().println("> desk.answer(\"" + customer + "\", \"" + question + "\")");
    setup.out().println("Answer: " + reply.value());
    setup.printAnsweredBy(reply.answeredBy());
    int sent = setup.messagesSentLast(reply.answeredBy());
    if (sent >= 0) {
      // The scripted endpoint remembers nothing: what it answers from is what the call sent.
      setup
          .out()
          .println(
              "Messages sent: "
                  + sent
                  + " (system prompt, "
                  + (sent - 2)
                  + " of history, the question)");
    }
  }
}
