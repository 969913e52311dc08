package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.compileStrict;
import static dev.majordomo.processor.Compilations.generated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact source the processor generates for six representative assistants, so that every change
 * to generated code is a diff a reviewer reads: plain text, tools, structured output, streaming
 * with futures and images, chat memory, and tool sources.
 *
 * <p>Each case is a folder of {@code src/test/resources/golden}: the input sources ({@code *.java},
 * the assistant interface named like the folder's {@code Majordomo_*.java.txt}) and the expected
 * output. A case compiles without a warning under {@code -Xlint:all -Werror}, and its output must
 * equal the expected file to the character; no line may be longer than 100 columns.
 *
 * <p>After an intended change to generated code, rewrite the expected files and review their diff:
 *
 * <pre>
 * mvn -o verify -pl tests -am -Dtest=GoldenFilesTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmajordomo.golden.update=true
 * </pre>
 */
class GoldenFilesTest {
  private static final Path GOLDEN =
      Path.of(System.getProperty("basedir", ""), "src", "test", "resources", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("majordomo.golden.update");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain-text",
        "tools",
        "structured-output",
        "streaming-async",
        "memory",
        "tool-sources"
      })
  void generatedSourceIsTheGoldenFile(String name) throws IOException {
    Path folder = GOLDEN.resolve(name);
    List<JavaFileObject> inputs = new ArrayList<>();
    Path expectedFile;
    String qualifiedName;
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> all = files.sorted().toList();
      expectedFile =
          all.stream()
              .filter(p -> p.getFileName().toString().endsWith(".java.txt"))
              .findFirst()
              .orElse(null);
      for (Path p : all) {
        if (p.getFileName().toString().endsWith(".java")) {
          String code = Files.readString(p, StandardCharsets.UTF_8);
          inputs.add(JavaFileObjects.forSourceString(qualifiedName(p, code), code));
        }
      }
    }
    String assistant = assistantName(inputs, expectedFile, name);
    qualifiedName = assistant.replaceAll("\\.([^.]+)$", ".Majordomo_$1");
    Compilation c = compileStrict(inputs.toArray(JavaFileObject[]::new));
    assertThat(c).succeededWithoutWarnings();
    String actual = generated(c, qualifiedName);
    Path target =
        expectedFile != null
            ? expectedFile
            : folder.resolve(
                qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1) + ".java.txt");
    if (UPDATE) {
      Files.writeString(target, actual, StandardCharsets.UTF_8);
    } else if (expectedFile == null) {
      fail("no golden file in %s: run with -Dmajordomo.golden.update=true to write it", folder);
    }
    String expected = Files.readString(target, StandardCharsets.UTF_8);
    if (!actual.equals(expected)) {
      fail(
          "the generated %s differs from %s (- expected, + generated); if the change is intended,"
              + " run with -Dmajordomo.golden.update=true and review the diff%n%s",
          qualifiedName, GOLDEN.relativize(expectedFile), LineDiff.of(expected, actual));
    }
    assertThat(c)
        .generatedSourceFile(qualifiedName)
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString(qualifiedName, expected));
    assertThat(actual.lines().filter(line -> line.length() > Layout.COLUMNS))
        .as("lines longer than %s columns", Layout.COLUMNS)
        .isEmpty();
  }

  /** The qualified name of the assistant: the input that is the interface with {@code @Llm}. */
  private static String assistantName(List<JavaFileObject> inputs, Path expected, String folder) {
    if (expected != null) {
      String simple = expected.getFileName().toString().replace(".java.txt", "");
      String interfaceName = simple.substring("Majordomo_".length());
      for (JavaFileObject f : inputs) {
        if (f.getName().endsWith(interfaceName + ".java")) {
          return f.getName().replaceFirst("^/", "").replace(".java", "").replace('/', '.');
        }
      }
    }
    for (JavaFileObject f : inputs) {
      try {
        if (f.getCharContent(true).toString().contains("@Llm(")) {
          return f.getName().replaceFirst("^/", "").replace(".java", "").replace('/', '.');
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no assistant among the inputs of " + folder);
  }

  private static String qualifiedName(Path file, String code) {
    String simple = file.getFileName().toString().replace(".java", "");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^package ([\\w.]+);").matcher(code);
    return m.find() ? m.group(1) + "." + simple : simple;
  }
}
