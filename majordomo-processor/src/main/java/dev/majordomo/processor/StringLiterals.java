package dev.majordomo.processor;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Java string literals for any text, in plain ASCII, and split into pieces that fit a line: prose
 * at word boundaries (and after every line break, so a prompt reads line by line), JSON after
 * commas.
 */
final class StringLiterals {
  private StringLiterals() {}

  /** How the text of a long literal is cut. */
  enum Breaks {
    /** After a space or a line break. */
    PROSE,
    /** After a comma. */
    JSON
  }

  /**
   * A string literal for any text. JavaPoet's {@code $S} writes most characters as they are, and
   * splits its output into lines at every Unicode line break, U+2028 and U+2029 included, which
   * breaks the literal in two. And the Filer writes the file in the build's source encoding, which
   * is not always UTF-8 (Windows without {@code project.build.sourceEncoding}): there an emoji or a
   * 'à' would become '?'. So every character outside printable ASCII is a {@code \\uXXXX} escape (a
   * surrogate pair as two), which reads the same in every encoding.
   */
  static CodeBlock of(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      out.append(escape(text.charAt(i)));
    }
    return CodeBlock.of("$L", out.append('"').toString());
  }

  /** The width of {@link #of}'s literal, quotes included. */
  static int width(String text) {
    int width = 2;
    for (int i = 0; i < text.length(); i++) {
      width += escape(text.charAt(i)).length();
    }
    return width;
  }

  /**
   * The literal, or a concatenation of literals when it is longer than {@code firstWidth} columns:
   * the first piece takes at most {@code firstWidth} columns, every further one, on its own line as
   * {@code + "..."} indented by two levels more, at most {@code restWidth} (both counting the
   * quotes, and the {@code + } of further pieces).
   */
  static CodeBlock wrapped(String text, int firstWidth, int restWidth, Breaks breaks) {
    List<String> pieces = split(text, firstWidth - 2, restWidth - 4, breaks);
    CodeBlock.Builder b = CodeBlock.builder().add(of(pieces.get(0)));
    if (pieces.size() > 1) {
      b.add("$>$>");
      for (String piece : pieces.subList(1, pieces.size())) {
        b.add("\n+ $L", of(piece));
      }
      b.add("$<$<");
    }
    return b.build();
  }

  /** Pieces of {@code text} whose escaped forms take at most {@code first}, then {@code rest}. */
  static List<String> split(String text, int first, int rest, Breaks breaks) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    int width = 0;
    int lastBreak = -1; // the index after the last good place to cut in the current piece
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int limit = pieces.isEmpty() ? first : rest;
      int w = escape(c).length();
      // a pair is never cut, so its high half must leave room for its low half
      int needed = isHighSurrogateBeforeLow(text, i) ? w + escape(text.charAt(i + 1)).length() : w;
      if (width + needed > limit && i > start && !isLowSurrogateAfterHigh(text, i)) {
        int cut = lastBreak > start ? lastBreak : i;
        pieces.add(text.substring(start, cut));
        start = cut;
        width = escapedWidth(text, start, i);
        lastBreak = -1;
      }
      width += w;
      boolean breakAfter = breaks == Breaks.JSON ? c == ',' : c == ' ' || c == '\n' || c == '\t';
      if (breakAfter) {
        lastBreak = i + 1;
      }
      if (breaks == Breaks.PROSE && c == '\n' && i + 1 < text.length()) {
        pieces.add(text.substring(start, i + 1));
        start = i + 1;
        width = 0;
        lastBreak = -1;
      }
    }
    if (start < text.length() || pieces.isEmpty()) {
      pieces.add(text.substring(start));
    }
    return pieces;
  }

  private static boolean isHighSurrogateBeforeLow(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  private static boolean isLowSurrogateAfterHigh(String text, int i) {
    return Character.isLowSurrogate(text.charAt(i))
        && Character.isHighSurrogate(text.charAt(i - 1));
  }

  private static int escapedWidth(String text, int from, int to) {
    int width = 0;
    for (int i = from; i < to; i++) {
      width += escape(text.charAt(i)).length();
    }
    return width;
  }

  private static String escape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      default ->
          c < 0x20 || c > 0x7E ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c);
    };
  }
}
