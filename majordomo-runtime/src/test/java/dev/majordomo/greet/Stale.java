package dev.majordomo.greet;

/** An assistant whose "generated" class does not implement it. */
public interface Stale {
  String hello();
}
