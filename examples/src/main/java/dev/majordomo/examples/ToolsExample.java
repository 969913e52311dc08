package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.Reply;
import dev.majordomo.ToolInvocation;
import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import dev.majordomo.annotations.Tool;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Example 2: tools. {@link TravelTools} is a class of {@code @Tool} methods; {@code
 * TravelDesk.packingList} is a tool too, a default method of the assistant interface. The processor
 * writes each tool's JSON schema and a dispatcher that calls the method directly; the runtime runs
 * the tool calls the model asks for (concurrently when it asks for several) and hands the results
 * back until the model answers.
 */
public final class ToolsExample {
  private ToolsExample() {}

  @Llm(chain = "fast", tools = TravelTools.class)
  @SystemPrompt(
      "You are a travel desk. Use the tools for facts: never guess the weather, the time or"
          + " exchange rates. Answer in at most three sentences.")
  interface TravelDesk {
    @Prompt(
        "I fly to {{city}} tomorrow with {{budget}} euros. What should I pack, what is my budget"
            + " in the local currency, and what time is it there now?")
    Reply<String> prepare(String city, int budget);

    /** A default method can be a tool: it runs on the assistant itself. */
    @Tool("What to pack for a given weather.")
    default List<String> packingList(
        @Description("the temperature in °C, e.g. 12") double celsius,
        @Description("whether rain is expected") boolean rain) {
      List<String> items = new ArrayList<>(List.of("passport", "phone charger"));
      items.add(celsius < 10 ? "warm coat" : celsius < 18 ? "light jacket" : "t-shirts");
      if (rain) {
        items.add("umbrella");
      }
      return items;
    }
  }

  /** Weather, in degrees Celsius, with a summary. */
  record Weather(String city, double celsius, String summary, boolean rain) {}

  /** Currencies the desk can convert between. */
  enum Currency {
    EUR,
    GBP,
    USD,
    JPY
  }

  /**
   * The tools: a public class with a public no-argument constructor, so the generated code creates
   * it (pass your own instance with {@code Assistants.builder(..).tools(..)} to give it
   * dependencies). Its data is made up for the example.
   */
  public static final class TravelTools {
    private static final Map<String, Weather> WEATHER =
        Map.of(
            "london", new Weather("London", 12, "cloudy, showers in the afternoon", true),
            "lisbon", new Weather("Lisbon", 21, "sunny", false),
            "kyoto", new Weather("Kyoto", 17, "clear", false));
    private static final Map<String, ZoneId> ZONES =
        Map.of(
            "london", ZoneId.of("Europe/London"),
            "lisbon", ZoneId.of("Europe/Lisbon"),
            "kyoto", ZoneId.of("Asia/Tokyo"));
    private static final Map<Currency, BigDecimal> PER_EURO =
        Map.of(
            Currency.EUR, BigDecimal.ONE,
            Currency.GBP, new BigDecimal("0.85"),
            Currency.USD, new BigDecimal("1.08"),
            Currency.JPY, new BigDecimal("161.5"));

    public TravelTools() {}

    @Tool("Tomorrow's weather forecast for a city.")
    public Weather weather(@Description("the city name, e.g. London") String city) {
      Weather w = WEATHER.get(city.toLowerCase(Locale.ROOT));
      if (w == null) {
        // The model reads this message as the tool's result and can correct itself.
        throw new IllegalArgumentException(
            "no forecast for " + city + "; known cities: London, Lisbon, Kyoto");
      }
      return w;
    }

    @Tool("Converts an amount of money between currencies at today's rate.")
    public BigDecimal convert(
        @Description("the amount, e.g. 300") BigDecimal amount,
        @Description("the currency of the amount, e.g. EUR") Currency from,
        @Description("the currency wanted, e.g. GBP") Currency to) {
      return amount
          .divide(PER_EURO.get(from), 10, RoundingMode.HALF_EVEN)
          .multiply(PER_EURO.get(to))
          .setScale(2, RoundingMode.HALF_EVEN);
    }

    @Tool("The local time now in a city, as HH:mm.")
    public String localTime(@Description("the city name, e.g. London") String city) {
      ZoneId zone = ZONES.get(city.toLowerCase(Locale.ROOT));
      if (zone == null) {
        throw new IllegalArgumentException("no time zone known for " + city);
      }
      return LocalTime.now(zone).format(DateTimeFormatter.ofPattern("HH:mm"));
    }
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(ToolsExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 2: tools (a tool class and a default-method tool)");
    TravelDesk desk = Assistants.create(TravelDesk.class, setup.registry());

    Reply<String> reply = desk.prepare("London", 300);
    setup.printReply("desk.prepare(\"London\", 300)", reply);
    setup.out().println("Tool calls:");
    for (ToolInvocation call : reply.toolCalls()) {
      setup
          .out()
          .println(
              "  round "
                  + call.round()
                  + ": "
                  + call.call().name()
                  + call.call().argumentsJson()
                  + " → "
                  + ExampleSetup.shorten(call.result().content(), 100));
    }
  }
}
