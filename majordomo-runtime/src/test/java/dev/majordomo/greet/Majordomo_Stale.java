package dev.majordomo.greet;

import dev.majordomo.assistant.AssistantRuntime;

/** A class with the generated name that does not implement {@link Stale}. */
final class Majordomo_Stale {
  Majordomo_Stale(AssistantRuntime runtime) {}
}
