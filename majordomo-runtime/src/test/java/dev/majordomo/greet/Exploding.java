package dev.majordomo.greet;

/** An assistant whose generated constructor fails (e.g. a tool class cannot be built). */
public interface Exploding {
  String hello();
}
