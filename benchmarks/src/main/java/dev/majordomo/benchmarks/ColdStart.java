package dev.majordomo.benchmarks;

import java.io.IOException;
import java.util.function.Function;

/**
 * B2: a fresh JVM's time to its first reply. {@code cold-start.sh} runs this class in a new JVM for
 * each contender, several times. The loopback server starts first; the clock runs from just after
 * it to the first reply: building the client (registry and assistant, or chat model and {@code
 * AiServices}) and one call. Prints one line, {@code <contender> <milliseconds>}.
 */
public final class ColdStart {
  private ColdStart() {}

  /**
   * @param args {@code majordomo}, {@code langchain4j} or {@code floor} (hand-written OkHttp +
   *     Jackson, for reference)
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ColdStart majordomo|langchain4j|floor");
    }
    Function<LoopbackServer, String> contender =
        switch (args[0]) {
          case "majordomo" -> server -> Majordomo.assistant(server).ask(Canned.QUESTION);
          case "langchain4j" -> server -> LangChain4j.assistant(server).ask(Canned.QUESTION);
          case "floor" -> server -> new Floor(server).ask(Canned.QUESTION);
          default -> throw new IllegalArgumentException("unknown contender: " + args[0]);
        };
    try (LoopbackServer server = LoopbackServer.canned()) {
      long start = System.nanoTime();
      String reply = contender.apply(server);
      long elapsed = System.nanoTime() - start;
      Check.equal(Canned.ANSWER, reply);
      System.out.printf(java.util.Locale.ROOT, "%s %.1f%n", args[0], elapsed / 1e6);
    }
  }
}
