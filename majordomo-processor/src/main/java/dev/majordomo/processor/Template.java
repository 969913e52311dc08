package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed prompt template: literal text and {@code {{name}}} / {@code {{name.a.b}}} variables.
 * Spaces inside the braces are ignored; {@code }}} outside a variable is literal text.
 */
record Template(List<Segment> segments) {
  // Java identifiers, as the docs promise ({{città}}): the variables name parameters and
  // accessors. Without the "ignorable" characters (controls, invisible format characters), which
  // javac drops from names, so a variable that shows them could never match.
  static final String IDENTIFIER =
      "[\\p{javaJavaIdentifierStart}&&[^\\p{javaIdentifierIgnorable}]]"
          + "[\\p{javaJavaIdentifierPart}&&[^\\p{javaIdentifierIgnorable}]]*";
  private static final Pattern VARIABLE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

  Template {
    segments = List.copyOf(segments);
  }

  sealed interface Segment {}

  record Literal(String text) implements Segment {}

  /** {@code {{root.path[0].path[1]}}}; {@code index} is where the {@code {{} starts. */
  record Variable(String root, List<String> path, String text, int index) implements Segment {
    Variable {
      path = List.copyOf(path);
    }
  }

  /** A syntax problem: which one, and at which index of the template. */
  record Problem(Diagnostic diagnostic, int index, String text) {}

  /** The result of parsing: a template, or the first problem. */
  record Parsed(Template template, Problem problem) {}

  static Parsed parse(String text) {
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        literal.append(text, i, text.length());
        break;
      }
      literal.append(text, i, open);
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        return new Parsed(null, new Problem(Diagnostic.UNCLOSED_TEMPLATE_VARIABLE, open, text));
      }
      String inner = text.substring(open + 2, close).strip();
      if (!VARIABLE.matcher(inner).matches()) {
        return new Parsed(null, new Problem(Diagnostic.MALFORMED_TEMPLATE_VARIABLE, open, inner));
      }
      if (literal.length() > 0) {
        segments.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
      String[] parts = inner.split("\\.");
      segments.add(new Variable(parts[0], List.of(parts).subList(1, parts.length), inner, open));
      i = close + 2;
    }
    if (literal.length() > 0) {
      segments.add(new Literal(literal.toString()));
    }
    return new Parsed(new Template(segments), null);
  }

  List<Variable> variables() {
    List<Variable> out = new ArrayList<>();
    for (Segment s : segments) {
      if (s instanceof Variable v) {
        out.add(v);
      }
    }
    return out;
  }
}
