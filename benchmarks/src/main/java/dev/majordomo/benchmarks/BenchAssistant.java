package dev.majordomo.benchmarks;

import dev.majordomo.annotations.Llm;

/**
 * Majordomo's contender: an annotated interface, implemented by the generated {@code
 * Majordomo_BenchAssistant}, on the real {@code openai} provider pointed at the loopback server.
 */
@Llm(chain = "bench")
public interface BenchAssistant {
  /** One chat completion (B1, B2). */
  String ask(String question);

  /** A conversation in which the model calls {@link WeatherTools#weather} twice (B5). */
  @Llm(tools = WeatherTools.class)
  String trip(String question);
}
