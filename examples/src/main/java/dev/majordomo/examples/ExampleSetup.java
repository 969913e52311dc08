package dev.majordomo.examples;

import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.examples.scripted.ScriptedOpenAiServer;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.time.TimeSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the examples run against, and how they print what happened.
 *
 * <p>Every example assistant uses the chain {@code "fast"}. When the environment has {@code
 * LLM_FAST}, that variable defines it, and the examples talk to real models. Otherwise {@code fast}
 * is {@code ollama/llama3.2} (a real model, if Ollama runs locally with it) followed by the local
 * scripted endpoint, a {@link ScriptedOpenAiServer} on 127.0.0.1 that this class starts and stops.
 * One registry serves every example, so its health tracker sees every call.
 */
final class ExampleSetup implements AutoCloseable {
  static final String CHAIN = "fast";
  static final String VARIABLE = "LLM_FAST";
  static final String OLLAMA_MODEL = "llama3.2";
  static final String SCRIPTED = "scripted";

  private final PrintStream out;
  private final Registry registry;
  private final ScriptedOpenAiServer server;
  private final Map<String, String> env;

  private ExampleSetup(
      PrintStream out, Registry registry, ScriptedOpenAiServer server, Map<String, String> env) {
    this.out = out;
    this.registry = registry;
    this.server = server;
    this.env = env;
  }

  /**
   * Builds the registry from {@code env} (the process environment, or a map in tests), starting the
   * scripted endpoint when {@code LLM_FAST} is not set.
   *
   * @param time the registry's clock: backoff waits and health cooldowns
   * @param streamDelay the scripted endpoint's pause between stream deltas
   */
  static ExampleSetup create(
      Map<String, String> env, PrintStream out, TimeSource time, Duration streamDelay) {
    Registry.Builder builder = Registry.builder().env(env).time(time);
    if (env.containsKey(VARIABLE)) {
      return new ExampleSetup(out, builder.build(), null, env);
    }
    ScriptedOpenAiServer server = ScriptedOpenAiServer.start(streamDelay);
    try {
      builder.model(SCRIPTED, server.dsn()).alias(CHAIN, "ollama/" + OLLAMA_MODEL + "," + SCRIPTED);
      return new ExampleSetup(out, builder.build(), server, env);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** Runs one example on its own, against the process environment. */
  static void runAlone(Consumer<ExampleSetup> example) {
    try (ExampleSetup setup =
        create(System.getenv(), System.out, TimeSource.SYSTEM, Duration.ofMillis(40))) {
      setup.printBanner();
      example.accept(setup);
    }
  }

  Registry registry() {
    return registry;
  }

  PrintStream out() {
    return out;
  }

  /** Whether {@code LLM_FAST} is set, so that every answer comes from a real model. */
  boolean realModels() {
    return server == null;
  }

  /** Says plainly what the examples run against. */
  void printBanner() {
    out.println();
    if (realModels()) {
      out.println("Running against REAL models: " + VARIABLE + " is set.");
      try {
        out.println("The chain \"" + CHAIN + "\" is: " + registry.chain(CHAIN).targets() + ".");
      } catch (RuntimeException e) {
        out.println("The chain \"" + CHAIN + "\" cannot be resolved: " + oneLine(e.getMessage()));
      }
      return;
    }
    String ollamaHost = env.getOrDefault("OLLAMA_HOST", "localhost:11434");
    out.println(
        "No "
            + VARIABLE
            + " variable is set, so the examples use a built-in chain \""
            + CHAIN
            + "\":");
    out.println(
        "  1. ollama/"
            + OLLAMA_MODEL
            + ": a REAL model, if Ollama runs at "
            + ollamaHost
            + " with "
            + OLLAMA_MODEL
            + " pulled;");
    out.println(
        "  2. "
            + registry.chain(SCRIPTED).targets().get(0)
            + ": the LOCAL SCRIPTED ENDPOINT, a demo server in this program that speaks the"
            + " OpenAI protocol with canned answers. It is not a model.");
    out.println(
        "Set "
            + VARIABLE
            + " to use real models, e.g. "
            + VARIABLE
            + "=openai://$OPENAI_API_KEY@api.openai.com/gpt-4o-mini (see .env.example).");
  }

  /** Prints an example's title. */
  void title(String title) {
    out.println();
    out.println("=== " + title + " ===");
  }

  /** Prints a reply: the answer, who answered, the attempt log and the tokens. */
  void printReply(String call, Reply<?> reply) {
    out.println();
    out.println("> " + call);
    out.println("Answer: " + reply.value());
    printAnsweredBy(reply.answeredBy());
    printAttempts(reply.attempts());
    Usage usage = reply.usage();
    out.println(
        "Tokens: "
            + usage.totalTokens()
            + " ("
            + usage.inputTokens()
            + " in, "
            + usage.outputTokens()
            + " out)");
  }

  void printAnsweredBy(Target target) {
    out.println("Answered by: " + target + " (" + describe(target) + ")");
  }

  void printAttempts(List<Attempt> attempts) {
    out.println("Attempts:");
    for (Attempt attempt : attempts) {
      out.println("  " + shorten(oneLine(attempt.toString()), 160));
    }
  }

  /** Whether {@code target} is a real model or the scripted endpoint, in words. */
  String describe(Target target) {
    if (target == null) {
      return "unknown target";
    }
    if (isScripted(target)) {
      return "the local scripted endpoint: a canned answer, not a model";
    }
    return target.scheme().equals("ollama") ? "a real model, served by Ollama" : "a real model";
  }

  boolean isScripted(Target target) {
    return server != null
        && target != null
        && "127.0.0.1".equals(target.host())
        && target.port() == server.port();
  }

  /**
   * How many messages the last request to the scripted endpoint held, when {@code target} is that
   * endpoint; else {@code -1} (a real model's requests are not recorded).
   */
  int messagesSentLast(Target target) {
    if (!isScripted(target)) {
      return -1;
    }
    List<com.fasterxml.jackson.databind.JsonNode> requests = server.requests();
    return requests.isEmpty() ? -1 : requests.get(requests.size() - 1).path("messages").size();
  }

  static String oneLine(String text) {
    return text == null ? "" : text.lines().map(String::strip).collect(Collectors.joining(" | "));
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Stops the scripted endpoint, if it was started. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
