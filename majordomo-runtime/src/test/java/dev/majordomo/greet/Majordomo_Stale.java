package dev.majordomo.greet;

import dev.majordomo.internal.assistant.AssistantRuntime;

/**
 * Not an imitation of generated code: a class with the generated name that does not implement
 * {@link Stale}, as a class file left over from an older build would be. The processor never writes
 * such a class, so this one is written by hand to test the runtime's check.
 */
final class Majordomo_Stale {
  Majordomo_Stale(AssistantRuntime runtime) {}
}
