package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Walks the whole catalog: every constant has a source that triggers it, on the expected line, with
 * the expected text, and is documented in {@code docs/compile-errors.md}.
 */
class DiagnosticCatalogTest {

  @ParameterizedTest
  @EnumSource(Diagnostic.class)
  void everyDiagnosticHasATriggeringCase(Diagnostic diagnostic) {
    DiagnosticCases.Case c = DiagnosticCases.CASES.get(diagnostic);
    assertThat(c).as("a test case for %s in DiagnosticCases", diagnostic).isNotNull();
    List<JavaFileObject> files = new ArrayList<>(c.others());
    JavaFileObject file = c.file();
    files.add(file);
    Compilation compilation =
        Compilations.compile(
            c.processor().get(), List.of("-Xlint:all"), files.toArray(JavaFileObject[]::new));
    String message = "[" + diagnostic.name() + "] " + c.expected();
    if (diagnostic.kind() == Kind.ERROR) {
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorContaining(message).inFile(file).onLine(c.line());
    } else {
      assertThat(compilation).succeeded();
      assertThat(compilation).hadWarningContaining(message).inFile(file).onLine(c.line());
    }
  }

  @ParameterizedTest
  @EnumSource(Diagnostic.class)
  void everyDiagnosticIsDocumented(Diagnostic diagnostic) throws IOException {
    String docs = Files.readString(docs());
    assertThat(docs).contains("## " + diagnostic.name());
  }

  @ParameterizedTest
  @EnumSource(Diagnostic.class)
  void everyMessageSaysHowToFixIt(Diagnostic diagnostic) {
    // A message names the problem and then a remedy in the imperative, or the list of what works.
    assertThat(diagnostic.template())
        .containsAnyOf(
            "Add ",
            "Use ",
            "Make ",
            "Remove ",
            "Rename ",
            "Write ",
            "Close ",
            "Reference ",
            "Declare ",
            "Annotate ",
            "Set ",
            "Supported:",
            "Did you mean",
            "report it",
            "Parameters:",
            "Available:",
            "remove ",
            "write ",
            "Fix ");
  }

  static Path docs() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs/compile-errors.md");
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("docs/compile-errors.md not found above " + here);
  }
}
