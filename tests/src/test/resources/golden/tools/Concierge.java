package golden.tools;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;

/** Tools: a tool class the runtime instantiates, and a tool of the interface's own. */
@Llm(chain = "fast", tools = Bookings.class, maxToolRounds = 4)
public interface Concierge {
  @Prompt("Book a table for {{guests}} at {{restaurant}}.")
  String book(String restaurant, int guests);

  String ask(String question);

  @Tool("The current local time in an IANA time zone, such as Europe/Paris.")
  default String localTime(String zone) {
    return "12:00";
  }
}
