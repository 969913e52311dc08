package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.Reply;
import dev.majordomo.ToolInvocation;
import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.mcp.McpToolSource;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Example 7: tools from an MCP server. {@link UnitsMcpServer}, a small Model Context Protocol
 * server, runs as a subprocess over stdio; its tool {@code convert_length} reaches the model as
 * {@code units_convert_length}, beside the assistant's own {@code @Tool} method. The assistant
 * names the source in {@code @Llm(toolSources = "units")}; the builder gives it one, started at the
 * first call and ended when the assistant closes.
 */
public final class McpExample {
  private McpExample() {}

  @Llm(chain = "fast", toolSources = "units")
  @SystemPrompt(
      "You are a running coach. Use the tools for conversions and arithmetic. Answer in two"
          + " sentences.")
  interface RunningCoach extends AutoCloseable {
    @Prompt(
        "I ran {{km}} km in {{minutes}} minutes. How far is that in miles, and what was my pace?")
    Reply<String> debrief(double km, int minutes);

    @Tool("The pace in minutes per kilometre, as m:ss.")
    default String pace(
        @Description("the distance in km, e.g. 10") double km,
        @Description("the time in minutes, e.g. 55") int minutes) {
      long secondsPerKm = Math.round(minutes * 60 / km);
      return String.format(Locale.ROOT, "%d:%02d", secondsPerKm / 60, secondsPerKm % 60);
    }

    /** Ends the MCP server the builder gave this assistant. */
    @Override
    void close();
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(McpExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 7: tools from an MCP server (a subprocess over stdio)");
    McpToolSource units =
        McpToolSource.stdio(
                "units", javaCommand(), "-cp", classPath(), UnitsMcpServer.class.getName())
            .build();
    try (RunningCoach coach =
        Assistants.builder(RunningCoach.class)
            .registry(setup.registry())
            .toolSource(units)
            .build()) {
      Reply<String> reply = coach.debrief(10, 55);
      setup.printReply("coach.debrief(10, 55)", reply);
      setup.out().println("Tool calls:");
      for (ToolInvocation call : reply.toolCalls()) {
        setup
            .out()
            .println(
                "  "
                    + call.call().name()
                    + call.call().argumentsJson()
                    + " → "
                    + ExampleSetup.shorten(call.result().content(), 100));
      }
    }
  }

  /** The {@code java} of the running JVM. */
  private static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The class path this program runs with. Under {@code mvn exec:java} it is a class loader's
   * rather than the JVM's {@code java.class.path}, which is Maven's own.
   */
  private static String classPath() {
    List<String> entries = new ArrayList<>();
    for (ClassLoader loader = McpExample.class.getClassLoader();
        loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader withUrls) {
        for (URL url : withUrls.getURLs()) {
          entries.add(file(url));
        }
      }
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, entries);
  }

  private static String file(URL url) {
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a file on the class path: " + url, e);
    }
  }
}
