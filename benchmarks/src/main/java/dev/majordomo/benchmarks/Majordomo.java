package dev.majordomo.benchmarks;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.observation.Observer;
import java.util.Map;

/** Builds Majordomo's contender as a user would: a registry with one DSN, then the assistant. */
public final class Majordomo {
  private Majordomo() {}

  /** An assistant whose chain {@code bench} is the {@code openai} provider on {@code server}. */
  public static BenchAssistant assistant(LoopbackServer server) {
    return Assistants.create(BenchAssistant.class, registry(server));
  }

  /** The same assistant on a registry that reports every call to {@code observer}. */
  public static BenchAssistant assistant(LoopbackServer server, Observer observer) {
    return Assistants.create(BenchAssistant.class, builder(server).observer(observer).build());
  }

  /** A registry that reads {@code LLM_BENCH} from a map, as it would from the environment. */
  public static Registry registry(LoopbackServer server) {
    return builder(server).build();
  }

  private static Registry.Builder builder(LoopbackServer server) {
    return Registry.builder().env(Map.of("LLM_BENCH", server.openAiDsn("bench")));
  }
}
