package dev.majordomo.docs;

import dev.majordomo.api.ApiFilesTest;
import dev.majordomo.api.ApiFilesTest.PublishedModule;
import dev.majordomo.docs.SnippetSources.Line;
import dev.majordomo.docs.SnippetSources.Source;
import dev.majordomo.processor.MajordomoProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the sources of a group of fences with javac and the Majordomo processor, against what a
 * reader of the docs has on the class path: the published modules, their dependencies and JUnit
 * (not AssertJ, nor this module's own test classes).
 */
final class SnippetCompiler {

  /**
   * Class path entries a reader has, matched against the file name of each entry: every published
   * module but the processor (a reader has it on the processor path, and the test hands it to javac
   * directly), their dependencies (OpenTelemetry's API, and its SDK, which a reader of the
   * observability page sets up; Lettuce and what it needs), and JUnit.
   */
  private static final List<String> READER_CLASS_PATH =
      Stream.concat(
              ApiFilesTest.PUBLISHED_MODULES.stream()
                  .map(PublishedModule::artifactId)
                  .filter(artifact -> !artifact.equals("majordomo-processor")),
              Stream.of(
                  "jackson-",
                  "okhttp",
                  "okio",
                  "kotlin-stdlib",
                  "junit-jupiter-api",
                  // A Spring Boot application's own, for the pages of the Spring Boot starter.
                  "spring-",
                  "micrometer-",
                  "jspecify",
                  "commons-logging",
                  "junit-platform-commons",
                  "opentest4j",
                  "apiguardian",
                  "opentelemetry-",
                  // majordomo-redis's client, for the scaling-out page.
                  "lettuce-core",
                  "netty-",
                  "reactor-core",
                  "reactive-streams"))
          .toList();

  private static final Pattern EXPECTED = Pattern.compile("//.*?\\[([A-Z][A-Z0-9_]+)\\]([^\\[]*)$");

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final StandardJavaFileManager files =
      javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
  private final String classPath = classPath(READER_CLASS_PATH);
  private final String classPathWithLangChain4j =
      classPath(Stream.concat(READER_CLASS_PATH.stream(), Stream.of("langchain4j")).toList());
  private final Path output;

  SnippetCompiler(Path output) {
    this.output = output;
  }

  /** A diagnostic a fence expects, from a {@code // [CODE] message …} comment on its line. */
  record Expectation(Fence fence, int index, String code, List<String> fragments) {
    String where() {
      return fence.page() + ":" + fence.pageLine(index);
    }

    boolean matches(Reported reported) {
      if (reported.fence() != fence || reported.index() != index) {
        return false;
      }
      String message = reported.message();
      int at = message.indexOf("[" + code + "]");
      if (at < 0) {
        return false;
      }
      for (String fragment : fragments) {
        int found = message.indexOf(fragment, at);
        if (found < 0) {
          return false;
        }
        at = found + fragment.length();
      }
      return true;
    }
  }

  /** A diagnostic javac reported, placed on its fence line when it comes from one. */
  record Reported(
      Diagnostic.Kind kind, Fence fence, int index, String file, long line, String message) {
    @Override
    public String toString() {
      String place =
          fence == null
              ? file + ":" + line + " (a line the test added around the snippet)"
              : fence.page()
                  + ":"
                  + fence.pageLine(index)
                  + " (fence at line "
                  + fence.line()
                  + ", line "
                  + (index + 1)
                  + " of the snippet)";
      return place + ": " + kind.toString().toLowerCase(Locale.ROOT) + ": " + message;
    }
  }

  /** What compiling a group gave. */
  record Result(List<Source> sources, List<Reported> reported, List<Expectation> expected) {

    /**
     * Problems: unexpected errors and warnings, and expectations nothing matched; empty if fine.
     */
    List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (Reported r : reported) {
        if (r.kind() == Diagnostic.Kind.ERROR
            || r.kind() == Diagnostic.Kind.WARNING
            || r.kind() == Diagnostic.Kind.MANDATORY_WARNING) {
          if (expected.stream().noneMatch(e -> e.matches(r))) {
            problems.add(r.toString());
          }
        }
      }
      for (Expectation e : expected) {
        if (reported.stream().noneMatch(e::matches)) {
          problems.add(
              e.where()
                  + ": the snippet expects ["
                  + e.code()
                  + "]"
                  + (e.fragments().isEmpty() ? "" : " with " + e.fragments())
                  + " on this line, which javac did not report there");
        }
      }
      return problems;
    }
  }

  Result compile(List<Fence> group, String name) {
    List<Source> sources = SnippetSources.of(group, name);
    List<Expectation> expected = new ArrayList<>();
    for (Fence fence : group) {
      for (int i = 0; i < fence.lines().size(); i++) {
        Matcher m = EXPECTED.matcher(fence.lines().get(i));
        if (m.find()) {
          List<String> fragments =
              Arrays.stream(m.group(2).split("…"))
                  .map(String::strip)
                  .filter(s -> !s.isEmpty())
                  .toList();
          expected.add(new Expectation(fence, i, m.group(1), fragments));
        }
      }
    }
    Map<URI, Source> byUri =
        sources.stream()
            .collect(Collectors.toMap(s -> URI.create("string:///" + s.path()), s -> s));
    List<JavaFileObject> units = new ArrayList<>();
    byUri.forEach((uri, source) -> units.add(new InMemorySource(uri, source.text())));
    Path dir = output.resolve(name);
    Path classes = dir.resolve("classes");
    Path generated = dir.resolve("generated");
    try {
      Files.createDirectories(classes);
      Files.createDirectories(generated);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaCompiler.CompilationTask task =
        javac.getTask(
            null,
            files,
            diagnostics,
            List.of(
                "-classpath",
                importsLangChain4j(group) ? classPathWithLangChain4j : classPath,
                "-d",
                classes.toString(),
                "-s",
                generated.toString(),
                "-encoding",
                "UTF-8",
                "--release",
                "17"),
            null,
            units);
    task.setProcessors(List.of(new MajordomoProcessor()));
    task.call();
    List<Reported> reported = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      Source source = d.getSource() == null ? null : byUri.get(d.getSource().toUri());
      long line = d.getLineNumber();
      Line mapped =
          source != null && line >= 1 && line <= source.lines().size()
              ? source.lines().get((int) line - 1)
              : null;
      String file = d.getSource() == null ? "(no file)" : d.getSource().toUri().getPath();
      reported.add(
          new Reported(
              d.getKind(),
              mapped == null ? null : mapped.fence(),
              mapped == null ? -1 : mapped.index(),
              file,
              line,
              d.getMessage(Locale.ROOT)));
    }
    return new Result(sources, reported, expected);
  }

  private static String classPath(List<String> wanted) {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    List<String> kept = new ArrayList<>();
    for (String entry : entries) {
      Path path = Path.of(entry);
      String name = path.getFileName().toString();
      // A module of the reactor is on the class path as its target/classes folder.
      if (name.equals("classes")
          && path.getParent() != null
          && path.getParent().getParent() != null) {
        name = path.getParent().getParent().getFileName().toString();
      }
      for (String prefix : wanted) {
        if (name.startsWith(prefix)) {
          kept.add(entry);
          break;
        }
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  /** Only the comparison with LangChain4j gets its jars, by importing them. */
  private static boolean importsLangChain4j(List<Fence> group) {
    return group.stream()
        .flatMap(f -> f.lines().stream())
        .anyMatch(l -> l.matches("^\\s*import\\s+(static\\s+)?dev\\.langchain4j\\..*"));
  }

  private static final class InMemorySource extends SimpleJavaFileObject {
    private final String text;

    InMemorySource(URI uri, String text) {
      super(uri, Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
