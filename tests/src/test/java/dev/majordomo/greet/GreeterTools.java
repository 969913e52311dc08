package dev.majordomo.greet;

import dev.majordomo.annotations.Tool;

/** A tool class with a public no-argument constructor. */
public class GreeterTools {
  private final String salutation;

  public GreeterTools() {
    this("Hello");
  }

  public GreeterTools(String salutation) {
    this.salutation = salutation;
  }

  @Tool("How to greet someone")
  public String salutation(String name) {
    return salutation + ", " + name;
  }
}
