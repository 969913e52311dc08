package dev.majordomo.greet;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Tool;

/**
 * An assistant whose generated constructor fails: its tool class has no no-argument constructor and
 * no instance is supplied.
 */
@Llm(chain = "fake/primary", tools = Exploding.NoDefaultConstructor.class)
public interface Exploding {
  String hello(String greeting);

  /** Generated code cannot construct it: only the builder's {@code tools(...)} can supply one. */
  final class NoDefaultConstructor {
    private final int x;

    public NoDefaultConstructor(int x) {
      this.x = x;
    }

    @Tool("Returns a number")
    public int number() {
      return x;
    }
  }
}
