package dev.majordomo.processor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Prints catalog messages, each once (a tool class shared by two methods is checked once per use),
 * and counts the errors.
 */
final class Reporter {
  private final Messager messager;
  private final Set<List<Object>> printed = new HashSet<>();
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  void report(Diagnostic diagnostic, Element element, Object... args) {
    report(diagnostic, element, null, null, args);
  }

  /**
   * Reports on an annotation; with a value, the caret points at that value. Without an element, the
   * message has no position.
   */
  void report(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    String message = diagnostic.format(args);
    if (!printed.add(
        Arrays.asList(message, element, String.valueOf(annotation), String.valueOf(value)))) {
      return;
    }
    count(diagnostic);
    if (element == null) {
      // about the compilation, not a declaration: javac prints it without a position
      messager.printMessage(diagnostic.kind(), message);
    } else if (annotation == null) {
      messager.printMessage(diagnostic.kind(), message, element);
    } else if (value == null) {
      messager.printMessage(diagnostic.kind(), message, element, annotation);
    } else {
      messager.printMessage(diagnostic.kind(), message, element, annotation, value);
    }
  }

  int errors() {
    return errors;
  }

  private void count(Diagnostic diagnostic) {
    if (diagnostic.kind() == Kind.ERROR) {
      errors++;
    }
  }
}
