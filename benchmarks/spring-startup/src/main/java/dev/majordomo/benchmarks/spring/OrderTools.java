package dev.majordomo.benchmarks.spring;

import dev.majordomo.annotations.Tool;

/** The support desk's tool, a bean of {@link StartupApplication}. */
public class OrderTools {
  @Tool("The status of an order.")
  public String status(String order) {
    return "shipped";
  }
}
