package dev.majordomo.processor;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How generated code is cut into lines: as google-java-format would, within {@link #COLUMNS}
 * columns, so that JavaPoet never has to wrap a line where it sees fit.
 */
final class Layout {
  private Layout() {}

  /** The longest line generated code should have (JavaPoet's own limit too). */
  static final int COLUMNS = 100;

  /** The indentation of an initializer on the line after its declaration's {@code =}. */
  private static final int INITIALIZER = 6;

  /** A package qualifier in JavaPoet's text of a code block; the written file imports the type. */
  private static final Pattern QUALIFIER = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");

  /** A line break JavaPoet's {@code toString} chose at a wrapping space, and the indentation. */
  private static final Pattern LINE_BREAK = Pattern.compile(" *\n *");

  private static final Pattern TRAILING_SPACES = Pattern.compile("[ \\t]+$", Pattern.MULTILINE);

  /**
   * A constant's initializer {@code start.step1().step2()}: on the declaration's line when it fits
   * ({@code declaration} columns are taken), else on the next line, else one step a line.
   */
  static CodeBlock chain(int declaration, CodeBlock start, List<CodeBlock> steps) {
    CodeBlock oneLine = CodeBlock.builder().add(start).add(CodeBlock.join(steps, "")).build();
    int width = width(oneLine) + ";".length();
    if (declaration + width <= COLUMNS) {
      return oneLine;
    }
    if (INITIALIZER + width <= COLUMNS || steps.isEmpty()) {
      return CodeBlock.of("$>$>\n$L$<$<", oneLine);
    }
    return CodeBlock.of("$>$>\n$L$>$>\n$L$<$<$<$<", start, CodeBlock.join(steps, "\n"));
  }

  /** The width of a one-line code block as the file shows it: types by their simple names. */
  static int width(CodeBlock code) {
    // the line break makes JavaPoet write out what it holds back after a wrapping space
    String text = CodeBlock.of("$L\n", code).toString();
    text = LINE_BREAK.matcher(text.substring(0, text.length() - 1)).replaceAll(" ");
    return withoutQualifiers(text).length();
  }

  /**
   * The text without package qualifiers, outside string literals only: in a prompt, {@code
   * europe.Paris} is text as wide as it reads.
   */
  private static String withoutQualifiers(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int code = 0; // where the code after the last literal starts
    int i = text.indexOf('"');
    while (i >= 0) {
      out.append(QUALIFIER.matcher(text.substring(code, i)).replaceAll(""));
      int end = i + 1;
      while (end < text.length() && text.charAt(end) != '"') {
        end += text.charAt(end) == '\\' ? 2 : 1;
      }
      code = Math.min(end + 1, text.length());
      out.append(text, i, code);
      i = text.indexOf('"', code);
    }
    return out.append(QUALIFIER.matcher(text.substring(code)).replaceAll("")).toString();
  }

  /**
   * The file's text. JavaPoet leaves a space at the end of a line that a declaration's {@code =}
   * ends; nothing else in generated code ends with one.
   */
  static String text(JavaFile file) {
    return TRAILING_SPACES.matcher(file.toString()).replaceAll("");
  }
}
