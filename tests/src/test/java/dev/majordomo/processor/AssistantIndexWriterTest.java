package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.majordomo.AssistantIndex;
import dev.majordomo.IndexedAssistant;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index of generated assistants, {@code META-INF/majordomo/assistants}: its exact text, and how
 * it follows compilations that see only some of the sources, as an IDE's or Gradle's do.
 */
class AssistantIndexWriterTest {
  private static final String HEADER =
      "# Majordomo assistants, written by the annotation processor; one line per interface\n";

  private static final String ORDER_TOOLS =
      """
      package demo.tools;

      import dev.majordomo.annotations.Tool;

      public class OrderTools {
        @Tool("Finds an order.")
        public String find(String id) {
          return id;
        }

        /** A tool class nested in another: its binary name has a dollar. */
        public static class Refunds {
          @Tool("Refunds an order.")
          public String refund(String id) {
            return id;
          }
        }
      }
      """;

  private static final String WEATHER_TOOLS =
      """
      package demo.tools;

      import dev.majordomo.annotations.Tool;

      public class WeatherTools {
        @Tool("Gets the forecast.")
        public static String forecast(String city) {
          return city;
        }
      }
      """;

  /** Tools on the interface and on methods, listed twice over. */
  private static final String SUPPORT_DESK =
      """
      package demo;

      import demo.tools.OrderTools;
      import demo.tools.WeatherTools;
      import dev.majordomo.annotations.*;

      @Llm(chain = "fast", tools = {WeatherTools.class, OrderTools.class})
      public interface SupportDesk {
        @Llm(tools = {OrderTools.Refunds.class, OrderTools.class})
        String help(String question);

        @Llm(tools = WeatherTools.class)
        String weather(String city);

        /** A default-method tool: the assistant's own, not a class the index lists. */
        @Tool("Says hello.")
        default String hello(String name) {
          return "hello " + name;
        }
      }
      """;

  /** Nested, no tools, and {@code @Llm} on a method only. */
  private static final String OUTER =
      """
      package demo;

      import dev.majordomo.annotations.*;

      public interface Outer {
        interface CityGuide {
          @Llm(chain = "fast")
          String tell(String city);
        }
      }
      """;

  @Test
  void listsEachGeneratedAssistantWithItsToolClassesSortedOnce() {
    Compilation c =
        Compilations.compile(
            source("demo.tools.OrderTools", ORDER_TOOLS),
            source("demo.tools.WeatherTools", WEATHER_TOOLS),
            source("demo.SupportDesk", SUPPORT_DESK),
            source("demo.Outer", OUTER));
    assertThat(c).succeededWithoutWarnings();
    assertThat(index(c))
        .hasValue(
            HEADER
                + "demo.Outer$CityGuide\n"
                + "demo.SupportDesk\tdemo.tools.OrderTools,demo.tools.OrderTools$Refunds,"
                + "demo.tools.WeatherTools\n");
  }

  @Test
  void theIndexDependsOnEveryInterfaceItLists() {
    RecordingProcessor recording = new RecordingProcessor(new MajordomoProcessor());
    Compilation c =
        Compilations.compile(
            recording,
            List.of("-Xlint:all"),
            source("demo.tools.OrderTools", ORDER_TOOLS),
            source("demo.tools.WeatherTools", WEATHER_TOOLS),
            source("demo.SupportDesk", SUPPORT_DESK),
            source("demo.Outer", OUTER));
    assertThat(c).succeeded();
    assertThat(recording.resources())
        .containsOnlyKeys(AssistantIndexWriter.PATH)
        .containsEntry(
            AssistantIndexWriter.PATH, List.of("demo.Outer.CityGuide", "demo.SupportDesk"));
  }

  @Test
  void aCompilationWithoutAssistantsWritesNoIndex() {
    Compilation c = Compilations.compile(source("demo.tools.WeatherTools", WEATHER_TOOLS));
    assertThat(c).succeededWithoutWarnings();
    assertThat(index(c)).isEmpty();
  }

  @Test
  void anAssistantWithAnErrorIsLeftOut() throws IOException {
    write("demo/Outer.java", OUTER);
    write(
        "demo/Broken.java",
        """
        package demo;

        import dev.majordomo.annotations.*;

        @Llm(chain = "fast")
        interface Broken {
          @Prompt("About {{nothing}}.")
          String ask(String city);
        }
        """);
    assertThat(javac("demo/Outer.java", "demo/Broken.java"))
        .contains("[UNKNOWN_TEMPLATE_VARIABLE]");
    assertThat(index()).isEqualTo(HEADER + "demo.Outer$CityGuide\n");
  }

  @Test
  void theBuildCanTurnTheIndexOff() {
    Compilation c =
        Compilations.compile(
            new MajordomoProcessor(),
            List.of("-Xlint:all", "-Amajordomo.index=false"),
            source("demo.Outer", OUTER));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("demo.Majordomo_Outer_CityGuide");
    assertThat(index(c)).isEmpty();
  }

  @Test
  void theOptionTakesTrueOrFalseInAnyCase() {
    Compilation on =
        Compilations.compile(
            new MajordomoProcessor(),
            List.of("-Xlint:all", "-Amajordomo.index=TRUE"),
            source("demo.Outer", OUTER));
    assertThat(on).succeededWithoutWarnings();
    assertThat(index(on)).hasValue(HEADER + "demo.Outer$CityGuide\n");
    Compilation off =
        Compilations.compile(
            new MajordomoProcessor(),
            List.of("-Xlint:all", "-Amajordomo.index=False"),
            source("demo.Outer", OUTER));
    assertThat(off).succeededWithoutWarnings();
    assertThat(index(off)).isEmpty();
  }

  @Test
  void aMisspelledOptionIsAnErrorEvenWithoutAnAssistant() {
    Compilation c =
        Compilations.compile(
            new MajordomoProcessor(),
            List.of("-Xlint:all", "-Amajordomo.index=no"),
            source("demo.tools.WeatherTools", WEATHER_TOOLS));
    assertThat(c).hadErrorContaining("[INVALID_INDEX_OPTION] -Amajordomo.index=no");
  }

  @Test
  void aFailureToWriteTheIndexIsAnErrorThatSaysWhatItBreaks() {
    Compilation c =
        Compilations.compile(
            new RecordingProcessor(new MajordomoProcessor(), true),
            List.of("-Xlint:all"),
            source("demo.Outer", OUTER));
    assertThat(c)
        .hadErrorContaining(
            "[INDEX_NOT_WRITTEN] Majordomo could not write META-INF/majordomo/assistants");
    assertThat(c).hadErrorContaining("-Amajordomo.index=false");
  }

  // Incremental compilation: javac on a class output that an earlier compilation filled.

  @TempDir Path dir;

  @Test
  void aCompilationOfSomeFilesKeepsTheEntriesOfTheOthers() throws IOException {
    write("demo/tools/WeatherTools.java", WEATHER_TOOLS);
    write("demo/A.java", assistant("A", "tools = WeatherTools.class"));
    write("demo/B.java", assistant("B", ""));
    assertThat(javac("demo/tools/WeatherTools.java", "demo/A.java", "demo/B.java")).isEmpty();
    String both = HEADER + "demo.A\tdemo.tools.WeatherTools\n" + "demo.B\n";
    assertThat(index()).isEqualTo(both);

    write("demo/B.java", assistant("B", "tools = WeatherTools.class"));
    assertThat(javac("demo/B.java")).isEmpty();
    assertThat(index())
        .isEqualTo(
            HEADER + "demo.A\tdemo.tools.WeatherTools\n" + "demo.B\tdemo.tools.WeatherTools\n");

    // read back as the runtime does, with the classes the compilations wrote
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes().toUri().toURL()}, getClass().getClassLoader())) {
      List<IndexedAssistant> entries = AssistantIndex.load(loader);
      assertThat(entries).extracting(IndexedAssistant::interfaceName).contains("demo.A", "demo.B");
      IndexedAssistant a =
          entries.stream()
              .filter(e -> e.interfaceName().equals("demo.A"))
              .findFirst()
              .orElseThrow();
      assertThat(a.interfaceClass(loader).getName()).isEqualTo("demo.A");
      assertThat(a.toolClasses(loader))
          .extracting(Class::getName)
          .containsExactly("demo.tools.WeatherTools");
    }
  }

  @Test
  void aDeletedInterfaceLosesItsEntry() throws IOException {
    write("demo/A.java", assistant("A", ""));
    write("demo/B.java", assistant("B", ""));
    assertThat(javac("demo/A.java", "demo/B.java")).isEmpty();
    // what an IDE does when A.java is deleted: its classes go, B is compiled again
    Files.delete(sourcePath("demo/A.java"));
    Files.delete(classes().resolve("demo/A.class"));
    Files.delete(classes().resolve("demo/Majordomo_A.class"));
    assertThat(javac("demo/B.java")).isEmpty();
    assertThat(index()).isEqualTo(HEADER + "demo.B\n");
  }

  @Test
  void anInterfaceThatNoLongerCarriesLlmLosesItsEntry() throws IOException {
    write("demo/A.java", assistant("A", ""));
    write("demo/B.java", assistant("B", ""));
    assertThat(javac("demo/A.java", "demo/B.java")).isEmpty();
    write("demo/A.java", "package demo;\n\ninterface A {\n  String ask(String question);\n}\n");
    assertThat(javac("demo/A.java", "demo/B.java")).isEmpty();
    assertThat(index()).isEqualTo(HEADER + "demo.B\n");
  }

  @Test
  void anEntryWhoseInterfaceNowFailsIsDropped() throws IOException {
    write("demo/A.java", assistant("A", ""));
    write("demo/B.java", assistant("B", ""));
    assertThat(javac("demo/A.java", "demo/B.java")).isEmpty();
    write(
        "demo/B.java",
        "package demo;\n\nimport dev.majordomo.annotations.*;\n\n@Llm(chain = \"fast\")\n"
            + "interface B {\n  @Prompt(\"{{nothing}}\")\n  String ask(String question);\n}\n");
    assertThat(javac("demo/B.java")).contains("[UNKNOWN_TEMPLATE_VARIABLE]");
    assertThat(index()).isEqualTo(HEADER + "demo.A\n");
  }

  @Test
  void anIndexWithoutChangesIsNotWrittenAgain() throws IOException {
    write("demo/A.java", assistant("A", ""));
    write("demo/B.java", assistant("B", ""));
    assertThat(javac("demo/A.java", "demo/B.java")).isEmpty();
    Path index = classes().resolve(AssistantIndexWriter.PATH);
    Files.setLastModifiedTime(index, java.nio.file.attribute.FileTime.fromMillis(0));
    assertThat(javac("demo/B.java")).isEmpty();
    assertThat(Files.getLastModifiedTime(index).toMillis()).isZero();
    assertThat(index()).isEqualTo(HEADER + "demo.A\n" + "demo.B\n");
  }

  @Test
  void anIndexWhoseLastEntryGoesKeepsOnlyItsHeader() throws IOException {
    write("demo/A.java", assistant("A", ""));
    assertThat(javac("demo/A.java")).isEmpty();
    write(
        "demo/A.java",
        "package demo;\n\nimport dev.majordomo.annotations.*;\n\ninterface A {\n"
            + "  @Prompt(\"Hello.\")\n  String ask();\n}\n");
    // @Prompt without @Llm is an error of its own, and A is no assistant any more
    assertThat(javac("demo/A.java")).contains("[MISSING_LLM]");
    assertThat(index()).isEqualTo(HEADER);
  }

  private static String assistant(String name, String tools) {
    String llm = tools.isEmpty() ? "chain = \"fast\"" : "chain = \"fast\", " + tools;
    String imports = tools.isEmpty() ? "" : "import demo.tools.*;\n";
    return "package demo;\n\n"
        + imports
        + "import dev.majordomo.annotations.*;\n\n"
        + "@Llm("
        + llm
        + ")\ninterface "
        + name
        + " {\n  String ask(String question);\n}\n";
  }

  private Path sourcePath(String path) {
    return dir.resolve("src").resolve(path);
  }

  private Path classes() throws IOException {
    return Files.createDirectories(dir.resolve("classes"));
  }

  private void write(String path, String code) throws IOException {
    Path file = sourcePath(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, code, StandardCharsets.UTF_8);
  }

  private String index() throws IOException {
    return Files.readString(classes().resolve(AssistantIndexWriter.PATH), StandardCharsets.UTF_8);
  }

  /**
   * Compiles {@code paths} into the class output, which is also on the class path, as an IDE does;
   * returns the errors, empty when it succeeded.
   */
  private String javac(String... paths) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path generated = Files.createDirectories(dir.resolve("generated"));
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      List<File> sources = new ArrayList<>();
      for (String p : paths) {
        sources.add(sourcePath(p).toFile());
      }
      StringWriter out = new StringWriter();
      List<String> options =
          List.of(
              "-Xlint:all",
              "-implicit:none",
              "-classpath",
              classes() + File.pathSeparator + System.getProperty("java.class.path"),
              "-d",
              classes().toString(),
              "-s",
              generated.toString());
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              out, files, null, options, null, files.getJavaFileObjectsFromFiles(sources));
      task.setProcessors(List.of(new MajordomoProcessor()));
      boolean ok = task.call();
      return ok ? "" : out.toString();
    }
  }

  /**
   * The index a compilation in memory wrote. The processor's look for an earlier index leaves an
   * empty file object behind in compile-testing's file manager, which reading tells apart.
   */
  private static Optional<String> index(Compilation c) {
    return c.generatedFile(StandardLocation.CLASS_OUTPUT, AssistantIndexWriter.PATH)
        .flatMap(
            f -> {
              try {
                return Optional.of(f.getCharContent(true).toString());
              } catch (FileNotFoundException e) {
                return Optional.empty();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
