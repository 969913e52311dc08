package dev.majordomo.processor;

import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reports {@code @MemoryId} where no call to a model reads it ({@link
 * Diagnostic#MISPLACED_MEMORY_ID}): on a constructor, on a {@code @Tool} method, or on a method
 * with a body. An abstract method outside any assistant is {@link MissingLlm}'s to report; one of
 * an assistant is checked with it ({@link MemoryIdValidator}).
 */
final class MemoryIdPlacement {
  private final Elements elements;
  private final Reporter reporter;

  MemoryIdPlacement(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
  }

  void check(RoundEnvironment round) {
    TypeElement annotation = elements.getTypeElement(Annotations.MEMORY_ID);
    if (annotation == null) {
      return;
    }
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      // Like the processor's main loop: never throw, report on the element instead.
      try {
        if (e.getEnclosingElement() instanceof ExecutableElement method) {
          String reason = misplacement(method);
          if (reason != null) {
            reporter.report(
                Diagnostic.MISPLACED_MEMORY_ID,
                e,
                Annotations.find(e, Annotations.MEMORY_ID).orElse(null),
                null,
                e.getSimpleName(),
                method.getKind() == ElementKind.CONSTRUCTOR
                    ? "the constructor of " + method.getEnclosingElement().getSimpleName()
                    : ElementText.method(method),
                reason);
          }
        }
      } catch (RuntimeException ex) {
        reporter.report(Diagnostic.PROCESSOR_FAILURE, e, e.getSimpleName(), ex.toString());
      }
    }
  }

  /** Why no model call reads a parameter of {@code method}; null for an abstract method. */
  static String misplacement(ExecutableElement method) {
    if (method.getKind() == ElementKind.CONSTRUCTOR) {
      return "a constructor never calls a model";
    }
    if (Annotations.find(method, Annotations.TOOL).isPresent()) {
      return "it is a @Tool method, whose arguments the model chooses";
    }
    if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
      return "the method has a body, so Majordomo does not implement it and no call to a model"
          + " reads the parameter";
    }
    return null;
  }
}
