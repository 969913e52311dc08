package dev.majordomo.greet;

/** A tool class with a public no-argument constructor. */
public class GreeterTools {
  private final String salutation;

  public GreeterTools() {
    this("Hello");
  }

  public GreeterTools(String salutation) {
    this.salutation = salutation;
  }

  public String salutation(String name) {
    return salutation + ", " + name;
  }
}
