package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Reads and checks {@code @Llm(toolSources = …)}: each name is one a source can have, and none is
 * listed twice for one method (in one annotation, or on a method and its interface). Whether a
 * source of that name exists is known only at run time, when the assistant is built.
 */
final class ToolSourceNames {
  /** What {@code ToolSource.name()} may return; the runtime's SPI documents the same pattern. */
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,32}");

  private static final int MAX_LENGTH = 32;

  private final Reporter reporter;
  private final Annotations annotations;

  ToolSourceNames(ProcessingContext context) {
    this.reporter = context.reporter();
    this.annotations = context.annotations();
  }

  /**
   * The names {@code llm} on {@code element} lists, each once, in order; {@code inherited} are the
   * names of the interface's {@code @Llm} (empty for the interface itself). Empty after reporting
   * an error.
   */
  Optional<List<String>> read(
      Element element, Optional<AnnotationMirror> llm, List<String> inherited, String where) {
    List<String> names = new ArrayList<>();
    if (llm.isEmpty()) {
      return Optional.of(names);
    }
    boolean ok = true;
    for (AnnotationValue value : annotations.array(llm.get(), "toolSources")) {
      String name = String.valueOf(value.getValue());
      if (!NAME.matcher(name).matches()) {
        reporter.report(
            Diagnostic.INVALID_TOOL_SOURCE_NAME,
            element,
            llm.get(),
            value,
            name,
            where,
            suggestion(name));
        ok = false;
      } else if (names.contains(name)) {
        reporter.report(
            Diagnostic.DUPLICATE_TOOL_SOURCE,
            element,
            llm.get(),
            value,
            where,
            name,
            "twice in one @Llm");
        ok = false;
      } else if (inherited.contains(name)) {
        reporter.report(
            Diagnostic.DUPLICATE_TOOL_SOURCE,
            element,
            llm.get(),
            value,
            where,
            name,
            "on the method and on its interface, whose toolSources every method uses already");
        ok = false;
      } else {
        names.add(name);
      }
    }
    return ok ? Optional.of(names) : Optional.empty();
  }

  /** " Did you mean 'my-files'?" with every character a name cannot hold replaced, or "". */
  private static String suggestion(String name) {
    String cleaned = name.strip().replaceAll("[^a-zA-Z0-9_-]+", "-").replaceAll("^-+|-+$", "");
    if (cleaned.length() > MAX_LENGTH) {
      cleaned = cleaned.substring(0, MAX_LENGTH);
    }
    return cleaned.isEmpty() || cleaned.equals(name) ? "" : " Did you mean '" + cleaned + "'?";
  }
}
