package dev.majordomo.greet;

/** An assistant whose processor did not run: there is no {@code Majordomo_Ungenerated}. */
public interface Ungenerated {
  String hello();
}
