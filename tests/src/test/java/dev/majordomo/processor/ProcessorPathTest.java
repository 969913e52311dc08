package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.JavaFile;
import dev.majordomo.annotations.Llm;
import dev.majordomo.internal.grammar.ChainGrammar;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's build puts the processor on the processor path with its own dependencies only (the
 * annotations, the grammar and JavaPoet), never the runtime. javac runs in a process of its own
 * here, so that nothing of the test's class path can stand in for a missing dependency, and finds
 * the processor as a build does: through its service file.
 */
class ProcessorPathTest {

  @Test
  void theProcessorRunsOnAProcessorPathOfItsOwnDependenciesAlone(@TempDir Path dir)
      throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/t"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(
        src.resolve("Greeter.java"),
        """
        package t;

        import dev.majordomo.annotations.*;
        import java.util.List;

        @Llm(chain = "fast,openai/gpt-4o-mini", tools = Clock.class)
        public interface Greeter {
          record Greeting(String text, List<String> names) {}

          @SystemPrompt("You greet people.")
          @Prompt("Greet {{name}} within {{limit}} words.")
          @Options(timeout = "30s")
          Greeting greet(String name, int limit);
        }
        """);
    Files.writeString(
        src.resolve("Clock.java"),
        """
        package t;

        import dev.majordomo.annotations.*;

        public class Clock {
          @Tool("The time in a zone")
          public String now(@Description("An IANA zone") String zone) {
            return zone;
          }
        }
        """);
    List<String> processorPath =
        List.of(
            location(MajordomoProcessor.class),
            location(Llm.class),
            location(ChainGrammar.class),
            location(JavaFile.class));
    // The user's class path holds the runtime (the generated code calls it) but not the processor.
    String classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry ->
                    Files.exists(Path.of(entry))
                        && !entry.equals(location(MajordomoProcessor.class))
                        && !entry.equals(location(JavaFile.class)))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
    command.addAll(
        List.of(
            "-Xlint:all",
            "-Werror",
            "-implicit:none",
            "-processorpath",
            String.join(File.pathSeparator, processorPath),
            "-classpath",
            classPath,
            "-d",
            out.toString(),
            src.resolve("Greeter.java").toString(),
            src.resolve("Clock.java").toString()));
    Process javac =
        new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile()).start();
    String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(javac.waitFor(2, TimeUnit.MINUTES)).as("javac finished").isTrue();

    assertThat(javac.exitValue()).as("javac's exit code; it said:%n%s", output).isZero();
    assertThat(out.resolve("t/Majordomo_Greeter.class")).as(output).exists();
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
  }
}
