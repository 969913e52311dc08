package dev.majordomo.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** Prints catalog messages and remembers whether any error was printed. */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  void report(Diagnostic diagnostic, Element element, Object... args) {
    count(diagnostic);
    messager.printMessage(diagnostic.kind(), diagnostic.format(args), element);
  }

  /** Reports on an annotation; with a value, the caret points at that value. */
  void report(
      Diagnostic diagnostic,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Object... args) {
    count(diagnostic);
    if (annotation == null) {
      messager.printMessage(diagnostic.kind(), diagnostic.format(args), element);
    } else if (value == null) {
      messager.printMessage(diagnostic.kind(), diagnostic.format(args), element, annotation);
    } else {
      messager.printMessage(diagnostic.kind(), diagnostic.format(args), element, annotation, value);
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
