package golden.structured;

import dev.majordomo.Reply;
import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Structured output: nested records, enums, lists, sets, maps, optionals and a wrapped value. */
@Llm(chain = "thinking")
public interface Planner {
  @Prompt("Plan a {{days}}-day trip to {{city}} from {{start}}.")
  Itinerary plan(String city, int days, LocalDate start);

  @Prompt("Score {{city}} as a destination, from 0 to 10.")
  Reply<Integer> score(String city);

  @Prompt("List the districts of {{city}}.")
  List<String> districts(String city);

  /**
   * A trip, day by day.
   *
   * @param city where
   * @param days one entry per day
   * @param budget the estimated cost per category
   */
  record Itinerary(
      String city, List<Day> days, Map<String, Double> budget, Optional<String> note) {}

  record Day(
      @Description("1-based") int number,
      LocalDate date,
      Weather weather,
      Set<String> places,
      List<Meal> meals) {}

  record Meal(String name, Optional<Integer> price, List<String> tags, int[] hours) {}

  enum Weather {
    SUNNY,
    /** Rain or snow. */
    WET
  }
}
