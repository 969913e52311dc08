package dev.majordomo.examples;

/** Placeholder entry point until the examples land. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("Majordomo examples");
  }
}
