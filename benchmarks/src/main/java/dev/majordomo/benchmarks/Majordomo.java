package dev.majordomo.benchmarks;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import java.util.Map;

/** Builds Majordomo's contender as a user would: a registry with one DSN, then the assistant. */
public final class Majordomo {
  private Majordomo() {}

  /** An assistant whose chain {@code bench} is the {@code openai} provider on {@code server}. */
  public static BenchAssistant assistant(LoopbackServer server) {
    return Assistants.create(BenchAssistant.class, registry(server));
  }

  /** A registry that reads {@code LLM_BENCH} from a map, as it would from the environment. */
  public static Registry registry(LoopbackServer server) {
    return Registry.builder().env(Map.of("LLM_BENCH", server.openAiDsn("bench"))).build();
  }
}
