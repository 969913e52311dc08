package dev.majordomo.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```java} fence of {@code README.md} and {@code docs/**}{@code /*.md} (the ADRs
 * included) compiles with javac and the Majordomo processor, against the published modules and
 * JUnit, so that code copied from the docs compiles. The conventions, also in {@code
 * docs/README.md}:
 *
 * <ul>
 *   <li>A fence shows its own {@code package} and {@code import} lines; nothing is imported for it.
 *       The class path is what a reader has: the published modules with their dependencies, and
 *       JUnit; LangChain4j too for a fence that imports it (the comparison page).
 *   <li>Each top-level type goes to a file of its own, named after it, with the fence's package and
 *       imports, as a reader would save it. A line {@code // Name.java} starts a file instead, and
 *       everything up to the next such line goes in it.
 *   <li>Statements go, in order, into a method {@code void snippet() throws Throwable} of a class
 *       the test adds; method declarations become members of that class.
 *   <li>Fences of one page that declare the same {@code package} are files of one project: they
 *       compile together.
 *   <li>{@code <!-- snippet: continues -->} on the last non-blank line before a fence joins it to
 *       the fence before it: one compilation, one method for their statements (a variable of the
 *       first is seen by the second), and the imports of all.
 *   <li>{@code <!-- snippet: not-compiled (reason) -->} skips a fence; the reason is required, the
 *       test lists these fences and allows only a few.
 *   <li>A comment {@code // [CODE] message …} expects the processor's diagnostic {@code [CODE]} on
 *       that line, containing the message's parts between the {@code …} in order; any other error
 *       or warning fails the test. {@code // …} on a line of its own is an ordinary comment: it
 *       elides code only where the code compiles without it.
 * </ul>
 */
class DocSnippetsTest {

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;\\s*$");

  /** A fence opener tagged Java as GitHub reads it: in a quote or a list item, any case. */
  private static final Pattern JAVA_LOOKING_FENCE =
      Pattern.compile(
          "^[\\s>]*(?:(?:[-*+]|\\d+[.)])\\s+)?(?:`{3,}|~{3,})\\s*\\{?\\s*\\.?java(?![\\w-])",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern NOT_COMPILED = Pattern.compile("^not-compiled\\s*\\((.+)\\)$");

  /** At the time of writing there are 76; a broken extractor finds far fewer. */
  private static final int MINIMUM_COMPILED = 70;

  private static final int MAXIMUM_NOT_COMPILED = 4;

  private static final Path ROOT = root();

  @TestFactory
  Stream<DynamicTest> everyJavaFenceCompiles() {
    SnippetCompiler compiler = new SnippetCompiler(Path.of("target", "doc-snippets"));
    return groups(pages()).stream()
        .map(
            group ->
                DynamicTest.dynamicTest(
                    group.get(0).where(),
                    () -> {
                      SnippetCompiler.Result result = compiler.compile(group, name(group.get(0)));
                      List<String> problems = result.problems();
                      if (!problems.isEmpty()) {
                        throw new AssertionError(
                            String.join("\n", problems)
                                + "\n\nThe sources compiled for the java fence at "
                                + group.get(0).where()
                                + ":\n"
                                + describe(result));
                      }
                    }));
  }

  @Test
  void everyPageWithJavaFencesCompilesSomeOfThem() {
    Map<String, Integer> javaFences = new TreeMap<>();
    Map<String, Integer> compiled = new TreeMap<>();
    Map<String, Integer> unmarked = new TreeMap<>();
    for (Fence fence : javaFences(pages())) {
      javaFences.merge(fence.page(), 1, Integer::sum);
      compiled.merge(fence.page(), notCompiledReason(fence) == null ? 1 : 0, Integer::sum);
      unmarked.merge(fence.page(), fence.marker().isEmpty() ? 1 : 0, Integer::sum);
    }
    assertThat(javaFences).containsKeys("README.md", "docs/compile-errors.md", "docs/tools.md");
    // A page whose java fences all compile to nothing means the extractor lost them, unless every
    // one of them says why it is not compiled.
    compiled.forEach(
        (page, count) ->
            assertThat(count > 0 || unmarked.get(page) == 0)
                .as("%s has java fences and none of them was compiled", page)
                .isTrue());
    int total = compiled.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(total).as("java fences compiled").isGreaterThanOrEqualTo(MINIMUM_COMPILED);
  }

  @Test
  void fencesThatAreNotCompiledSayWhyAndAreFew() {
    List<String> skipped = new ArrayList<>();
    for (Fence fence : javaFences(pages())) {
      String reason = notCompiledReason(fence);
      if (reason != null) {
        assertThat(reason.strip()).as("the reason of %s", fence.where()).isNotEmpty();
        skipped.add(fence.where() + ": " + reason);
      }
    }
    System.out.println("java fences not compiled (" + skipped.size() + "): " + skipped);
    assertThat(skipped).hasSizeLessThanOrEqualTo(MAXIMUM_NOT_COMPILED);
  }

  @Test
  void everyMarkerIsOneTheTestKnows() {
    for (Path page : pages()) {
      for (Fence fence : Fence.read(ROOT, page)) {
        if (!fence.marker().isEmpty()) {
          assertThat(fence.language())
              .as("the fence after the marker at %s", fence.where())
              .isEqualTo("java");
          assertThat(
                  fence.marker().equals("continues")
                      || NOT_COMPILED.matcher(fence.marker()).matches())
              .as(
                  "marker '%s' before %s: 'continues' or 'not-compiled (reason)'",
                  fence.marker(), fence.where())
              .isTrue();
        }
      }
    }
  }

  /**
   * A fence GitHub shows as Java but the parser would not see as a java fence (a quoted or
   * tab-indented fence, one on a list item's line, {@code ```Java}, or one swallowed by an unclosed
   * fence before it) would be skipped silently.
   */
  @Test
  void everyFenceThatLooksLikeJavaIsOneTheTestCompiles() {
    List<String> missed = new ArrayList<>();
    for (Path page : pages()) {
      try {
        String relative = ROOT.relativize(page).toString().replace('\\', '/');
        missed.addAll(javaLookingFencesNotParsed(relative, Files.readString(page)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(missed).as("java fences the extractor does not see").isEmpty();
  }

  @Test
  void fencesTheExtractorWouldMissAreFound() {
    String page =
        String.join(
            "\n",
            "```Java title=\"A.java\"",
            "class A {}",
            "```",
            "> ```java",
            "> class B {}",
            "> ```",
            "- ```java",
            "  class C {}",
            "  ```",
            "\t```java",
            "\tclass D {}",
            "\t```",
            "```sh",
            "echo unclosed",
            "```java",
            "class E {}",
            "```",
            "  ```java",
            "  class F {}",
            "  ```");
    assertThat(Fence.parse("page/f.md", page).get(0).language()).isEqualTo("java");
    assertThat(javaLookingFencesNotParsed("page/f.md", page))
        .containsExactly("page/f.md:4", "page/f.md:7", "page/f.md:10", "page/f.md:15");
  }

  /** The lines that open a fence tagged Java, to a reader, but no java fence the parser found. */
  static List<String> javaLookingFencesNotParsed(String page, String markdown) {
    List<Integer> parsed =
        Fence.parse(page, markdown).stream()
            .filter(f -> f.language().equals("java"))
            .map(Fence::line)
            .toList();
    List<String> missed = new ArrayList<>();
    String[] lines = markdown.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (JAVA_LOOKING_FENCE.matcher(lines[i]).find() && !parsed.contains(i + 1)) {
        missed.add(page + ":" + (i + 1));
      }
    }
    return missed;
  }

  @Test
  void aBrokenFenceIsReportedWithItsPageLineAndTheLineInTheSnippet() {
    String page =
        String.join(
            "\n",
            "# Title",
            "",
            "```java",
            "import dev.majordomo.Registry;",
            "",
            "Registry registry = Registry.builder().build();",
            "registry.noSuchMethod();",
            "```",
            "");
    List<Fence> fences = Fence.parse("page/broken.md", page);
    SnippetCompiler.Result result =
        new SnippetCompiler(Path.of("target", "doc-snippets")).compile(fences, "broken_md_L3");
    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("page/broken.md:7 (fence at line 3, line 4 of the snippet): error:")
        .contains("noSuchMethod");
  }

  @Test
  void anExpectedDiagnosticMustBeReportedOnItsLine() {
    String page =
        String.join(
            "\n",
            "```java",
            "import dev.majordomo.annotations.Llm;",
            "",
            "@Llm(chain = \"fast\")",
            "interface Agent {",
            "  String ask(String question);   // [NO_CHAIN] Agent.ask() has no chain",
            "}",
            "```");
    SnippetCompiler.Result result =
        new SnippetCompiler(Path.of("target", "doc-snippets"))
            .compile(Fence.parse("page/expects.md", page), "expects_md_L1");
    assertThat(result.problems())
        .singleElement()
        .asString()
        .startsWith("page/expects.md:6: the snippet expects [NO_CHAIN]");
  }

  @Test
  void typesStatementsAndMethodsGoWhereAReaderWouldPutThem() {
    String page =
        String.join(
            "\n",
            "```java",
            "import java.util.List;",
            "",
            "/** A day. */",
            "public record Day(List<String> activities) {}",
            "",
            "@Test",
            "void check() { }",
            "",
            "Day day = new Day(List.of());",
            "if (day.activities().isEmpty()) {",
            "  System.out.println(\"free\");",
            "}",
            "else { }",
            "```");
    List<SnippetSources.Source> sources =
        SnippetSources.of(Fence.parse("page/kinds.md", page), "kinds_md_L1");
    assertThat(sources)
        .extracting(SnippetSources.Source::path)
        .containsExactly("Day.java", "kinds_md_L1.java");
    assertThat(sources.get(0).text())
        .isEqualTo(
            "import java.util.List;\n/** A day. */\npublic record Day(List<String> activities) {}\n");
    assertThat(sources.get(1).text())
        .contains(
            "class kinds_md_L1 {\n\n  @Test\n  void check() { }\n  void snippet() throws Throwable {\n\n    Day day")
        .contains("    else { }\n  }\n}\n");
  }

  private static String describe(SnippetCompiler.Result result) {
    StringBuilder text = new StringBuilder();
    for (SnippetSources.Source source : result.sources()) {
      text.append("--- ").append(source.path()).append('\n').append(source.text());
    }
    return text.toString();
  }

  /** A name for the group's files and wrapper class: {@code docs_tools_md_L15}. */
  private static String name(Fence first) {
    return first.page().replaceAll("[^A-Za-z0-9]", "_") + "_L" + first.line();
  }

  private static String notCompiledReason(Fence fence) {
    Matcher m = NOT_COMPILED.matcher(fence.marker());
    return m.matches() ? m.group(1) : null;
  }

  static List<List<Fence>> groups(List<Path> pages) {
    List<List<Fence>> groups = new ArrayList<>();
    for (Path page : pages) {
      List<Fence> current = null;
      Map<String, List<Fence>> byPackage = new TreeMap<>();
      for (Fence fence : Fence.read(ROOT, page)) {
        if (!fence.language().equals("java")) {
          continue;
        }
        if (notCompiledReason(fence) != null) {
          current = null;
          continue;
        }
        if (fence.marker().equals("continues")) {
          assertThat(current)
              .as("%s continues a compiled java fence before it on its page", fence.where())
              .isNotNull();
          current.add(fence);
        } else if (packageOf(fence) != null && byPackage.containsKey(packageOf(fence))) {
          current = byPackage.get(packageOf(fence));
          current.add(fence);
        } else {
          current = new ArrayList<>(List.of(fence));
          groups.add(current);
          if (packageOf(fence) != null) {
            byPackage.put(packageOf(fence), current);
          }
        }
      }
    }
    return groups;
  }

  /** The package a fence declares on its first line of code, or null. */
  private static String packageOf(Fence fence) {
    for (String line : fence.lines()) {
      Matcher m = PACKAGE.matcher(line);
      if (m.matches()) {
        return m.group(1);
      }
      if (!line.isBlank() && !line.strip().startsWith("//")) {
        return null;
      }
    }
    return null;
  }

  static List<Fence> javaFences(List<Path> pages) {
    List<Fence> fences = new ArrayList<>();
    for (Path page : pages) {
      Fence.read(ROOT, page).stream().filter(f -> f.language().equals("java")).forEach(fences::add);
    }
    return fences;
  }

  /** README.md and every Markdown file under docs/, in a stable order. */
  static List<Path> pages() {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("docs/compile-errors.md"))
          && Files.exists(p.resolve("README.md"))) {
        return p;
      }
    }
    throw new AssertionError("no README.md and docs/ above " + here);
  }
}
