package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated file is written in the build's source encoding, which is not always UTF-8 (Windows
 * without {@code project.build.sourceEncoding}). Compiled with javac's own file manager on disk, as
 * a build does: compile-testing's in-memory files ignore {@code -encoding}.
 */
class SourceEncodingTest {
  private static final String EMOJI = "\uD83D\uDE00";

  @Test
  void textOutsideTheSourceEncodingSurvivesTheGeneratedFile(@TempDir Path dir) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/t"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Path gen = Files.createDirectories(dir.resolve("gen"));
    // à is in ISO-8859-1, the emoji is not: the user's source names it with escapes
    Files.writeString(
        src.resolve("A.java"),
        """
        package t;

        import dev.majordomo.annotations.*;

        @Llm(chain = "fast", tools = Clock.class)
        public interface A {
          @Prompt("Weather in città \\uD83D\\uDE00: {{question}}")
          String ask(String question);
        }
        """,
        StandardCharsets.ISO_8859_1);
    Files.writeString(
        src.resolve("Clock.java"),
        """
        package t;

        import dev.majordomo.annotations.*;

        public class Clock {
          @Tool("The time in città \\uD83D\\uDE00")
          public String now(@Description("città \\uD83D\\uDE00 \\u2028") String zone) {
            return zone;
          }
        }
        """,
        StandardCharsets.ISO_8859_1);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.ISO_8859_1)) {
      List<String> options =
          List.of(
              "-encoding",
              "ISO-8859-1",
              "-Xlint:all",
              "-Werror",
              "-implicit:none",
              "-classpath",
              System.getProperty("java.class.path"),
              "-d",
              out.toString(),
              "-s",
              gen.toString());
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null,
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjects(src.resolve("A.java"), src.resolve("Clock.java")));
      task.setProcessors(List.of(new MajordomoProcessor()));
      boolean ok = task.call();
      assertThat(ok)
          .as(
              "compiled: %s",
              diagnostics.getDiagnostics().stream()
                  .map(d -> d.getMessage(Locale.ROOT))
                  .collect(Collectors.toList()))
          .isTrue();
    }

    byte[] generated = Files.readAllBytes(gen.resolve("t/Majordomo_A.java"));
    List<Integer> nonAscii = new ArrayList<>();
    for (byte b : generated) {
      if (b < 0) {
        nonAscii.add(b & 0xff);
      }
    }
    assertThat(nonAscii).as("bytes outside ASCII in the generated source").isEmpty();

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> type = loader.loadClass("t.Majordomo_A");
      java.lang.reflect.Field f = type.getDeclaredField("TOOL_CLOCK_NOW");
      f.setAccessible(true);
      Object definition = f.get(null);
      String description =
          String.valueOf(definition.getClass().getMethod("description").invoke(definition));
      String schema =
          String.valueOf(definition.getClass().getMethod("parametersSchema").invoke(definition));
      assertThat(description).isEqualTo("The time in città " + EMOJI);
      assertThat(schema).contains("città " + EMOJI);
    }
  }
}
