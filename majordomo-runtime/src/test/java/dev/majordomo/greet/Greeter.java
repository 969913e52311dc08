package dev.majordomo.greet;

/** An assistant interface as a user writes it (the annotations are left out: CLASS retention). */
public interface Greeter {
  String greet(String name);

  /** A nested assistant: its generated class is {@code Majordomo_Greeter_Polite}. */
  interface Polite {
    String thank(String name);
  }
}
