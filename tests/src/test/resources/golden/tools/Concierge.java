package golden.tools;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Options;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;

/**
 * Tools: a tool class the runtime instantiates, and a tool of the interface's own; reasoning and
 * prompt caching (the method's effort replaces the type's budget).
 */
@Llm(chain = "fast", tools = Bookings.class, maxToolRounds = 4)
@Options(reasoningBudgetTokens = 2048, promptCache = "1h")
public interface Concierge {
  @Options(reasoningEffort = "high")
  @Prompt("Book a table for {{guests}} at {{restaurant}}.")
  String book(String restaurant, int guests);

  String ask(String question);

  @Tool("The current local time in an IANA time zone, such as Europe/Paris.")
  default String localTime(String zone) {
    return "12:00";
  }
}
