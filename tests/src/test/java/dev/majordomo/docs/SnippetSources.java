package dev.majordomo.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Java fences of one group (a fence and the fences that continue it) into the source
 * files a reader would save, following the conventions of {@link DocSnippetsTest}: each top-level
 * type in a file of its own (or the files a {@code // Name.java} line starts), statements in a
 * method of a wrapper class, method declarations as members of that class, and every file with the
 * package and the imports the fences show.
 */
final class SnippetSources {
  private SnippetSources() {}

  /** A line of a generated source, and the fence and index it comes from (null when added). */
  record Line(String text, Fence fence, int index) {}

  /** A source file: its path relative to a source root ({@code com/example/App.java}). */
  record Source(String path, List<Line> lines) {
    String text() {
      StringBuilder text = new StringBuilder();
      lines.forEach(l -> text.append(l.text()).append('\n'));
      return text.toString();
    }
  }

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;\\s*$");
  private static final Pattern IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*(//.*)?$");
  private static final Pattern FILE_MARKER = Pattern.compile("^\\s*//\\s*([\\w$]+)\\.java\\b.*$");
  private static final Pattern ANNOTATION = Pattern.compile("^@\\s*[\\w$.]+\\s*");
  private static final Pattern MODIFIER =
      Pattern.compile(
          "^(public|protected|private|static|abstract|final|sealed|non-sealed|strictfp|default"
              + "|synchronized|native|transient|volatile)\\b\\s*");
  private static final Set<String> MEMBER_ONLY_MODIFIERS =
      Set.of(
          "public",
          "protected",
          "private",
          "static",
          "default",
          "synchronized",
          "native",
          "transient",
          "volatile");
  private static final Pattern TYPE =
      Pattern.compile("^(?:class|interface|enum|record|@\\s*interface)\\s+([\\w$]+)");
  private static final Pattern METHOD =
      Pattern.compile(
          "^(<[^()]*>\\s*)?([\\w$.]+)(\\s*<[^()]*>)?(\\s*\\[\\s*\\])*\\s+[\\w$]+\\s*\\(");
  private static final Set<String> STATEMENT_KEYWORDS =
      Set.of(
          "return",
          "new",
          "throw",
          "if",
          "else",
          "for",
          "while",
          "do",
          "switch",
          "try",
          "catch",
          "finally",
          "synchronized",
          "assert",
          "yield",
          "case",
          "var");

  /** The source files of a group of fences; {@code wrapper} names the class that holds code. */
  static List<Source> of(List<Fence> group, String wrapper) {
    String packageName = null;
    Set<String> imports = new LinkedHashSet<>();
    List<Source> files = new ArrayList<>();
    List<Line> members = new ArrayList<>();
    List<Line> statements = new ArrayList<>();
    List<Segment> typeSegments = new ArrayList<>();

    for (Fence fence : group) {
      List<String> lines = fence.lines();
      String fencePackage = null;
      int body = 0;
      for (; body < lines.size(); body++) {
        String l = lines.get(body);
        Matcher p = PACKAGE.matcher(l);
        if (p.matches()) {
          fencePackage = p.group(1);
        } else if (IMPORT.matcher(l).matches()) {
          imports.add(l.strip());
        } else if (!l.isBlank()) {
          break;
        }
      }
      if (packageName == null) {
        packageName = fencePackage;
      } else if (fencePackage != null && !fencePackage.equals(packageName)) {
        throw new SnippetException(
            fence, body, "joined fences declare different packages: " + packageName);
      }
      List<Integer> markers = new ArrayList<>();
      for (int i = body; i < lines.size(); i++) {
        if (FILE_MARKER.matcher(lines.get(i)).matches()) {
          markers.add(i);
        }
      }
      if (!markers.isEmpty()) {
        for (int m = 0; m < markers.size(); m++) {
          int from = markers.get(m);
          int to = m + 1 < markers.size() ? markers.get(m + 1) : lines.size();
          Matcher name = FILE_MARKER.matcher(lines.get(from));
          name.matches();
          typeSegments.add(new Segment(name.group(1), fence, from, to));
        }
        continue;
      }
      for (Chunk chunk : chunks(fence, body)) {
        switch (chunk.kind()) {
          case TYPE ->
              typeSegments.add(new Segment(chunk.typeName(), fence, chunk.from(), chunk.to()));
          case MEMBER -> addLines(members, fence, chunk.from(), chunk.to(), "  ");
          case STATEMENT -> addLines(statements, fence, chunk.from(), chunk.to(), "    ");
        }
      }
    }

    List<Line> header = new ArrayList<>();
    String directory = "";
    if (packageName != null) {
      header.add(new Line("package " + packageName + ";", null, -1));
      directory = packageName.replace('.', '/') + "/";
    }
    imports.forEach(i -> header.add(new Line(i, null, -1)));
    for (Segment segment : typeSegments) {
      List<Line> lines = new ArrayList<>(header);
      addLines(lines, segment.fence(), segment.from(), segment.to(), "");
      files.add(new Source(directory + segment.name() + ".java", lines));
    }
    if (!members.isEmpty() || !statements.isEmpty()) {
      List<Line> lines = new ArrayList<>(header);
      lines.add(new Line("class " + wrapper + " {", null, -1));
      lines.addAll(members);
      if (!statements.isEmpty()) {
        lines.add(new Line("  void snippet() throws Throwable {", null, -1));
        lines.addAll(statements);
        lines.add(new Line("  }", null, -1));
      }
      lines.add(new Line("}", null, -1));
      files.add(new Source(directory + wrapper + ".java", lines));
    }
    return files;
  }

  private record Segment(String name, Fence fence, int from, int to) {}

  enum Kind {
    TYPE,
    MEMBER,
    STATEMENT
  }

  /** Lines {@code [from, to)} of a fence: one type, member or run of statements. */
  record Chunk(Kind kind, String typeName, int from, int to) {}

  /**
   * Cuts the body of a fence where a line ends at depth 0 with {@code ;} or <code>}</code>, and
   * says what each piece is. Comment and blank lines before a piece belong to it.
   */
  static List<Chunk> chunks(Fence fence, int body) {
    List<String> skeleton = skeleton(fence.lines());
    List<Chunk> chunks = new ArrayList<>();
    int depth = 0;
    int start = body;
    for (int i = body; i < skeleton.size(); i++) {
      String code = skeleton.get(i);
      for (char c : code.toCharArray()) {
        if (c == '{' || c == '(' || c == '[') {
          depth++;
        } else if (c == '}' || c == ')' || c == ']') {
          depth--;
        }
      }
      String trimmed = code.strip();
      if (depth == 0 && (trimmed.endsWith(";") || trimmed.endsWith("}"))) {
        chunks.add(classify(fence, skeleton, start, i + 1));
        start = i + 1;
      }
    }
    if (start < skeleton.size()) {
      boolean onlyComments =
          skeleton.subList(start, skeleton.size()).stream().allMatch(String::isBlank);
      if (!onlyComments) {
        throw new SnippetException(
            fence, start, "the code does not end with ';' or '}' (or its brackets do not match)");
      }
      if (!chunks.isEmpty()) {
        Chunk last = chunks.remove(chunks.size() - 1);
        chunks.add(new Chunk(last.kind(), last.typeName(), last.from(), skeleton.size()));
      }
    }
    return chunks;
  }

  private static Chunk classify(Fence fence, List<String> skeleton, int from, int to) {
    String code = String.join(" ", skeleton.subList(from, to)).strip();
    boolean memberModifier = false;
    while (true) {
      if (code.startsWith("@interface") || code.matches("^@\\s+interface\\b.*")) {
        break;
      }
      Matcher annotation = ANNOTATION.matcher(code);
      if (annotation.find()) {
        code = skipParentheses(code.substring(annotation.end())).strip();
        continue;
      }
      Matcher modifier = MODIFIER.matcher(code);
      if (modifier.find()) {
        memberModifier |= MEMBER_ONLY_MODIFIERS.contains(modifier.group(1));
        code = code.substring(modifier.end());
        continue;
      }
      break;
    }
    Matcher type = TYPE.matcher(code);
    if (type.find()) {
      return new Chunk(Kind.TYPE, type.group(1), from, to);
    }
    Matcher method = METHOD.matcher(code);
    boolean looksLikeMethod = method.find() && !STATEMENT_KEYWORDS.contains(method.group(2));
    if (memberModifier || looksLikeMethod) {
      return new Chunk(Kind.MEMBER, null, from, to);
    }
    if (code.isEmpty()) {
      throw new SnippetException(fence, from, "annotations with nothing to annotate");
    }
    return new Chunk(Kind.STATEMENT, null, from, to);
  }

  private static String skipParentheses(String code) {
    String rest = code.stripLeading();
    if (!rest.startsWith("(")) {
      return code;
    }
    int depth = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return rest.substring(i + 1);
      }
    }
    return "";
  }

  /**
   * The lines with comments blanked and the contents of string and character literals (text blocks
   * too) replaced by spaces, so that brackets and keywords inside them do not count.
   */
  static List<String> skeleton(List<String> lines) {
    List<String> out = new ArrayList<>();
    boolean blockComment = false;
    boolean textBlock = false;
    for (String line : lines) {
      StringBuilder s = new StringBuilder();
      int i = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (blockComment) {
          if (line.startsWith("*/", i)) {
            blockComment = false;
            s.append("  ");
            i += 2;
          } else {
            s.append(' ');
            i++;
          }
        } else if (textBlock) {
          if (line.startsWith("\"\"\"", i)) {
            textBlock = false;
            s.append("\"\"\"");
            i += 3;
          } else {
            s.append(' ');
            i += c == '\\' && i + 1 < line.length() ? 2 : 1;
          }
        } else if (line.startsWith("//", i)) {
          break;
        } else if (line.startsWith("/*", i)) {
          blockComment = true;
          s.append("  ");
          i += 2;
        } else if (line.startsWith("\"\"\"", i)) {
          textBlock = true;
          s.append("\"\"\"");
          i += 3;
        } else if (c == '"' || c == '\'') {
          s.append(c);
          i++;
          while (i < line.length() && line.charAt(i) != c) {
            s.append(' ');
            i += line.charAt(i) == '\\' ? 2 : 1;
          }
          s.append(c);
          i++;
        } else {
          s.append(c);
          i++;
        }
      }
      out.add(s.toString().stripTrailing());
    }
    return out;
  }

  private static void addLines(List<Line> out, Fence fence, int from, int to, String indent) {
    for (int i = from; i < to; i++) {
      String text = fence.lines().get(i);
      out.add(new Line(text.isEmpty() ? "" : indent + text, fence, i));
    }
  }

  /** A fence that cannot be turned into sources, at content line {@code index}. */
  static final class SnippetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SnippetException(Fence fence, int index, String message) {
      super(
          fence.page()
              + ":"
              + fence.pageLine(Math.min(index, fence.lines().size()))
              + " (fence at line "
              + fence.line()
              + "): "
              + message);
    }
  }
}
