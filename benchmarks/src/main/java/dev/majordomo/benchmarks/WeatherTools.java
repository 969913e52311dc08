package dev.majordomo.benchmarks;

import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Tool;

/** The tool Majordomo's assistant offers the model in the tool conversation. */
public class WeatherTools {
  public WeatherTools() {}

  @Tool("Current weather for a city.")
  public String weather(@Description("City name, e.g. Paris") String city) {
    return Canned.weather(city);
  }
}
