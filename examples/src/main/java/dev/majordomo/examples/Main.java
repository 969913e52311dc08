package dev.majordomo.examples;

import dev.majordomo.MajordomoException;
import dev.majordomo.time.TimeSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs every example in turn: {@code mvn -B -q -pl examples -am compile exec:java}. Without {@code
 * LLM_FAST} they run against Ollama (when it is there) and the local scripted endpoint; with it,
 * against the models it names.
 */
public final class Main {
  private Main() {}

  private record Example(String name, Consumer<ExampleSetup> body) {}

  private static final List<Example> EXAMPLES =
      List.of(
          new Example("1 (quickstart)", QuickstartExample::run),
          new Example("2 (tools)", ToolsExample::run),
          new Example("3 (structured output and images)", StructuredOutputExample::run),
          new Example("4 (streaming)", StreamingExample::run),
          new Example("5 (chat memory)", ConversationExample::run),
          new Example("6 (traces with OpenTelemetry)", TelemetryExample::run),
          new Example("7 (tools from an MCP server)", McpExample::run));

  public static void main(String[] args) {
    List<String> failed =
        run(System.getenv(), System.out, TimeSource.SYSTEM, Duration.ofMillis(40));
    if (!failed.isEmpty()) {
      throw new MajordomoException(
          "example " + String.join(", ", failed) + " failed; the reason is printed above");
    }
  }

  /**
   * Runs example 0 and then examples 1 to 7 on one registry built from {@code env}.
   *
   * @return the names of the examples that failed; an example that fails does not stop the others
   */
  static List<String> run(
      Map<String, String> env, PrintStream out, TimeSource time, Duration streamDelay) {
    List<String> failed = new ArrayList<>();
    try {
      FailoverDemo.run(out, time);
    } catch (RuntimeException e) {
      report(out, "0 (failover)", e, failed);
    }
    try (ExampleSetup setup = ExampleSetup.create(env, out, time, streamDelay)) {
      setup.printBanner();
      for (Example example : EXAMPLES) {
        try {
          example.body().accept(setup);
        } catch (RuntimeException e) {
          report(out, example.name(), e, failed);
        }
      }
    }
    out.println();
    out.println(
        failed.isEmpty()
            ? "All examples ran."
            : "Examples that failed: " + String.join(", ", failed) + ".");
    return failed;
  }

  private static void report(
      PrintStream out, String name, RuntimeException e, List<String> failed) {
    failed.add(name);
    out.println();
    out.println("Example " + name + " failed: " + e);
  }
}
