package dev.majordomo.greet;

import dev.majordomo.assistant.AssistantRuntime;

final class Majordomo_Exploding implements Exploding {
  Majordomo_Exploding(AssistantRuntime runtime) {
    runtime.toolInstance(NoDefaultConstructor.class, null);
  }

  @Override
  public String hello() {
    return "unreachable";
  }

  static final class NoDefaultConstructor {
    NoDefaultConstructor(int x) {}
  }
}
