package golden.tools;

import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Tool;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public class Bookings {
  /**
   * Finds free tables.
   *
   * @param restaurant the restaurant's name
   * @param date the day, today when absent
   */
  @Tool("")
  public List<String> freeTables(String restaurant, Optional<LocalDate> date) {
    return List.of();
  }

  @Tool(value = "Books a table and returns the booking's reference.", name = "book-table")
  public String book(
      String restaurant, @Description("number of guests") int guests, Map<String, String> notes)
      throws java.io.IOException {
    return "R-1";
  }

  @Tool("Cancels a booking.")
  public static void cancel(String reference) {}
}
