package dev.majordomo.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fenced code block of a Markdown page, with the {@code <!-- snippet: ... -->} marker written on
 * the last non-blank line before it, if any.
 *
 * @param page the page, relative to the repository root ({@code docs/tools.md})
 * @param line the 1-based line of the opening fence
 * @param language the info string's first word in lower case ({@code java}, {@code xml}, ...), or
 *     empty
 * @param lines the content, without the fence's indentation; line {@code i} (0-based) is on page
 *     line {@code line + 1 + i}
 * @param marker the marker's text after {@code snippet:}, trimmed, or empty
 */
record Fence(String page, int line, String language, List<String> lines, String marker) {

  private static final Pattern OPENING = Pattern.compile("^( *)(`{3,}|~{3,})\\s*([\\w+#-]*).*$");
  private static final Pattern MARKER =
      Pattern.compile("^\\s*<!--\\s*snippet:\\s*(.*?)\\s*-->\\s*$");

  /** The page line of content line {@code index} (0-based). */
  int pageLine(int index) {
    return line + 1 + index;
  }

  /** Where this fence starts, as {@code docs/tools.md:15}. */
  String where() {
    return page + ":" + line;
  }

  String text() {
    return String.join("\n", lines);
  }

  static List<Fence> read(Path root, Path file) {
    try {
      String page = root.relativize(file).toString().replace('\\', '/');
      return parse(page, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every fenced block of a page, in order. */
  static List<Fence> parse(String page, String markdown) {
    List<Fence> fences = new ArrayList<>();
    String[] lines = markdown.split("\r?\n", -1);
    String lastNonBlank = "";
    for (int i = 0; i < lines.length; i++) {
      Matcher opening = OPENING.matcher(lines[i]);
      if (!opening.matches()) {
        if (!lines[i].isBlank()) {
          lastNonBlank = lines[i];
        }
        continue;
      }
      int indent = opening.group(1).length();
      String fence = opening.group(2);
      List<String> content = new ArrayList<>();
      int j = i + 1;
      while (j < lines.length && !closes(lines[j], fence)) {
        content.add(stripIndent(lines[j], indent));
        j++;
      }
      Matcher marker = MARKER.matcher(lastNonBlank);
      fences.add(
          new Fence(
              page,
              i + 1,
              // GitHub highlights ```Java as ```java: so must the test compile it.
              opening.group(3).toLowerCase(Locale.ROOT),
              List.copyOf(content),
              marker.matches() ? marker.group(1) : ""));
      lastNonBlank = "";
      i = j;
    }
    return fences;
  }

  private static boolean closes(String line, String fence) {
    String trimmed = line.strip();
    return trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static String stripIndent(String line, int indent) {
    int n = 0;
    while (n < indent && n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return line.substring(n);
  }
}
