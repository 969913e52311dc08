package dev.majordomo.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, in memory. */
final class Compilations {
  private Compilations() {}

  /** A source file; {@code name} is the qualified name of its top-level type. */
  static JavaFileObject source(String name, String code) {
    return JavaFileObjects.forSourceString(name, code);
  }

  /** Compiles with {@code -Xlint:all}: warnings are reported but not fatal. */
  static Compilation compile(JavaFileObject... files) {
    return compile(new MajordomoProcessor(), List.of("-Xlint:all"), files);
  }

  /** Compiles with {@code -Xlint:all -Werror}: any warning, in user or generated code, fails. */
  static Compilation compileStrict(JavaFileObject... files) {
    return compile(new MajordomoProcessor(), List.of("-Xlint:all", "-Werror"), files);
  }

  static Compilation compile(Processor processor, List<String> options, JavaFileObject... files) {
    return javac().withProcessors(processor).withOptions(options).compile(files);
  }

  /** The 1-based line of the first line of {@code code} that contains {@code marker}. */
  static int line(String code, String marker) {
    String[] lines = code.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  /** The 1-based column where {@code marker} starts on its line. */
  static int column(String code, String marker) {
    String[] lines = code.split("\n", -1);
    for (String l : lines) {
      int i = l.indexOf(marker);
      if (i >= 0) {
        return i + 1;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  /** The text of the generated source for {@code qualifiedName}. */
  static String generated(Compilation compilation, String qualifiedName) {
    String path = qualifiedName.replace('.', '/') + ".java";
    for (JavaFileObject f : compilation.generatedSourceFiles()) {
      if (f.toUri().getPath().endsWith(path)) {
        try {
          return f.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    List<String> names = new ArrayList<>();
    compilation.generatedSourceFiles().forEach(f -> names.add(f.toUri().getPath()));
    throw new AssertionError("no generated source " + path + " among " + names);
  }
}
