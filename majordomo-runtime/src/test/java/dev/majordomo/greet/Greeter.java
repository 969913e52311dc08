package dev.majordomo.greet;

import dev.majordomo.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** An assistant interface as a user writes it (the annotations are left out: CLASS retention). */
public interface Greeter {
  String greet(String name);

  Reply<String> greetWithDetails(String name);

  Stream<String> greetStreaming(String name);

  CompletableFuture<String> greetAsync(String name);

  /** A nested assistant: its generated class is {@code Majordomo_Greeter_Polite}. */
  interface Polite {
    String thank(String name);
  }
}
