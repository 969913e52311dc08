package dev.majordomo.examples;

/** Runs every example in turn. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    FailoverDemo.main(args);
  }
}
