package dev.majordomo.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.tools.FileObject;
import javax.tools.ForwardingFileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.ForwardingJavaFileObject;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Gradle's incremental compilation relies on for an isolating processor: every generated
 * source names exactly one originating element, its interface, and compiling one changed interface
 * again writes that interface's files and no other's. Compiles in-process into a class folder, as
 * Gradle does, recording what the processor hands the {@code Filer} and every file the compiler
 * writes.
 *
 * <p>The one exception is the index of generated assistants ({@link AssistantIndexWriter}): one
 * resource for the whole module, so its originating elements are every interface it lists. It is
 * written only when its text changes (an assistant appears or goes, or its tool classes change),
 * not when a prompt or a method changes; when it is, Gradle answers with a full recompilation
 * (docs/annotations.md says so, and how to turn the index off).
 */
class IncrementalCompilationTest {
  @TempDir Path dir;

  @Test
  void theProcessorIsRegisteredWithGradleAsIsolating() throws IOException {
    try (InputStream in =
        MajordomoProcessor.class
            .getClassLoader()
            .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertThat(in).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
          .isEqualTo(MajordomoProcessor.class.getName() + ",isolating");
    }
  }

  @Test
  void eachGeneratedSourceHasExactlyOneOriginatingElementItsInterface() throws IOException {
    write("demo/A.java", assistant("A", "Hello {{name}}."));
    write("demo/B.java", assistant("B", "Bonjour {{name}}."));

    Compiled full = javac("demo/A.java", "demo/B.java");

    assertThat(full.errors()).isEmpty();
    assertThat(full.processor().originating())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "demo.Majordomo_A", List.of("demo.A"),
                "demo.Majordomo_B", List.of("demo.B")));
    // the one aggregating output: the index depends on every interface it lists
    assertThat(full.processor().resources())
        .containsExactlyEntriesOf(Map.of(AssistantIndexWriter.PATH, List.of("demo.A", "demo.B")));
    assertThat(full.written())
        .containsExactly(
            "CLASS_OUTPUT " + AssistantIndexWriter.PATH,
            "CLASS_OUTPUT demo/A$Answer.class",
            "CLASS_OUTPUT demo/A.class",
            "CLASS_OUTPUT demo/B$Answer.class",
            "CLASS_OUTPUT demo/B.class",
            "CLASS_OUTPUT demo/Majordomo_A.class",
            "CLASS_OUTPUT demo/Majordomo_B.class",
            "SOURCE_OUTPUT demo/Majordomo_A.java",
            "SOURCE_OUTPUT demo/Majordomo_B.java");
  }

  @Test
  void changingOneOfTwoInterfacesWritesOnlyThatInterfacesFiles() throws IOException {
    write("demo/A.java", assistant("A", "Hello {{name}}."));
    write("demo/B.java", assistant("B", "Bonjour {{name}}."));
    assertThat(javac("demo/A.java", "demo/B.java").errors()).isEmpty();
    String generatedB = Files.readString(dir.resolve("generated/demo/Majordomo_B.java"));

    // Gradle recompiles the changed source alone; B's classes stay in the class folder
    write("demo/A.java", assistant("A", "Good morning {{name}}."));
    Compiled again = javac("demo/A.java");

    assertThat(again.errors()).isEmpty();
    assertThat(again.processor().originating())
        .containsExactlyEntriesOf(Map.of("demo.Majordomo_A", List.of("demo.A")));
    assertThat(again.written())
        .containsExactly(
            "CLASS_OUTPUT demo/A$Answer.class",
            "CLASS_OUTPUT demo/A.class",
            "CLASS_OUTPUT demo/Majordomo_A.class",
            "SOURCE_OUTPUT demo/Majordomo_A.java");
    // the index would say the same, so it is not written (and Gradle has nothing to recompile)
    assertThat(again.processor().resources()).isEmpty();
    assertThat(Files.readString(dir.resolve("generated/demo/Majordomo_A.java")))
        .contains("\"Good morning \" + name + \".\"");
    assertThat(Files.readString(dir.resolve("generated/demo/Majordomo_B.java")))
        .isEqualTo(generatedB);
    assertThat(Files.readString(dir.resolve("classes/" + AssistantIndexWriter.PATH)))
        .isEqualTo(AssistantIndexWriter.HEADER + "\ndemo.A\ndemo.B\n");
  }

  @Test
  void aNewAssistantRewritesTheIndexWithEveryInterfaceAsItsOrigin() throws IOException {
    write("demo/A.java", assistant("A", "Hello {{name}}."));
    assertThat(javac("demo/A.java").errors()).isEmpty();
    write("demo/B.java", assistant("B", "Bonjour {{name}}."));

    Compiled added = javac("demo/B.java");

    assertThat(added.errors()).isEmpty();
    assertThat(added.processor().originating())
        .containsExactlyEntriesOf(Map.of("demo.Majordomo_B", List.of("demo.B")));
    // A's entry is kept from the earlier index, and A is among the index's origins
    assertThat(added.processor().resources())
        .containsExactlyEntriesOf(Map.of(AssistantIndexWriter.PATH, List.of("demo.A", "demo.B")));
    assertThat(Files.readString(dir.resolve("classes/" + AssistantIndexWriter.PATH)))
        .isEqualTo(AssistantIndexWriter.HEADER + "\ndemo.A\ndemo.B\n");
  }

  /** An interface whose implementation decodes a record, so a decoder is generated too. */
  private static String assistant(String name, String prompt) {
    return "package demo;\n\n"
        + "import dev.majordomo.annotations.*;\n"
        + "import java.util.List;\n\n"
        + "@Llm(chain = \"fast\")\n"
        + "public interface "
        + name
        + " {\n"
        + "  @Prompt(\""
        + prompt
        + "\")\n"
        + "  Answer ask(String name);\n\n"
        + "  record Answer(String text, List<String> sources) {}\n"
        + "}\n";
  }

  private void write(String path, String code) throws IOException {
    Path file = dir.resolve("src").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, code, StandardCharsets.UTF_8);
  }

  private record Compiled(String errors, RecordingProcessor processor, List<String> written) {}

  /**
   * Compiles {@code paths} into {@code classes/} (also on the class path, where the earlier
   * compilations' classes are) with sources generated into {@code generated/}.
   */
  private Compiled javac(String... paths) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    TreeSet<String> written = new TreeSet<>();
    try (StandardJavaFileManager standard =
            compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        JavaFileManager files = new Recording(standard, written)) {
      List<File> sources = new ArrayList<>();
      for (String p : paths) {
        sources.add(dir.resolve("src").resolve(p).toFile());
      }
      StringWriter out = new StringWriter();
      List<String> options =
          List.of(
              "-Xlint:all",
              "-implicit:none",
              "-classpath",
              classes + File.pathSeparator + System.getProperty("java.class.path"),
              "-d",
              classes.toString(),
              "-s",
              generated.toString());
      RecordingProcessor processor = new RecordingProcessor(new MajordomoProcessor());
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              out, files, null, options, null, standard.getJavaFileObjectsFromFiles(sources));
      task.setProcessors(List.of(processor));
      boolean ok = task.call();
      return new Compiled(ok ? "" : out.toString(), processor, new ArrayList<>(written));
    }
  }

  /**
   * Notes every file the compiler writes: "LOCATION relative/path". A file asked for output is only
   * noted when it is opened for writing: the processor's look for an earlier index asks for it too,
   * and reads it.
   */
  private static final class Recording extends ForwardingJavaFileManager<JavaFileManager> {
    private final TreeSet<String> written;

    Recording(JavaFileManager delegate, TreeSet<String> written) {
      super(delegate);
      this.written = written;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling)
        throws IOException {
      String name = location.getName() + " " + className.replace('.', '/') + kind.extension;
      JavaFileObject file = super.getJavaFileForOutput(location, className, kind, sibling);
      return new ForwardingJavaFileObject<>(file) {
        @Override
        public OutputStream openOutputStream() throws IOException {
          written.add(name);
          return super.openOutputStream();
        }

        @Override
        public Writer openWriter() throws IOException {
          written.add(name);
          return super.openWriter();
        }
      };
    }

    @Override
    public FileObject getFileForOutput(
        Location location, String packageName, String relativeName, FileObject sibling)
        throws IOException {
      String name =
          location.getName()
              + " "
              + (packageName.isEmpty()
                  ? relativeName
                  : packageName.replace('.', '/') + "/" + relativeName);
      FileObject file = super.getFileForOutput(location, packageName, relativeName, sibling);
      return new ForwardingFileObject<>(file) {
        @Override
        public OutputStream openOutputStream() throws IOException {
          written.add(name);
          return super.openOutputStream();
        }

        @Override
        public Writer openWriter() throws IOException {
          written.add(name);
          return super.openWriter();
        }
      };
    }
  }
}
