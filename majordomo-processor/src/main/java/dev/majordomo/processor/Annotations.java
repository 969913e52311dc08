package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads Majordomo annotations through their mirrors, so that a {@code Class<?>} value never needs
 * to be loaded and every value keeps its source position for error carets.
 */
final class Annotations {
  static final String PACKAGE = "dev.majordomo.annotations";
  static final String LLM = PACKAGE + ".Llm";
  static final String SYSTEM_PROMPT = PACKAGE + ".SystemPrompt";
  static final String PROMPT = PACKAGE + ".Prompt";
  static final String TOOL = PACKAGE + ".Tool";
  static final String DESCRIPTION = PACKAGE + ".Description";
  static final String OPTIONS = PACKAGE + ".Options";
  static final String MEMORY_ID = PACKAGE + ".MemoryId";

  /** The runtime interface an assistant extends to read and delete its conversations. */
  static final String CONVERSATIONS = "dev.majordomo.Conversations";

  private final Elements elements;

  Annotations(Elements elements) {
    this.elements = elements;
  }

  /** The annotation of type {@code qualifiedName} on {@code element}. */
  static Optional<AnnotationMirror> find(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value the source spells out for {@code name}, or null when it is left at its default. */
  static AnnotationValue explicit(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The value of {@code name}, explicit or default. */
  Object value(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue().getValue();
      }
    }
    throw new IllegalArgumentException("no element " + name + " in " + mirror);
  }

  String string(AnnotationMirror mirror, String name) {
    return (String) value(mirror, name);
  }

  int integer(AnnotationMirror mirror, String name) {
    return (Integer) value(mirror, name);
  }

  long longValue(AnnotationMirror mirror, String name) {
    return (Long) value(mirror, name);
  }

  double doubleValue(AnnotationMirror mirror, String name) {
    return (Double) value(mirror, name);
  }

  /** The elements of an array value, each with its own position. */
  List<AnnotationValue> array(AnnotationMirror mirror, String name) {
    Object value = value(mirror, name);
    List<AnnotationValue> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        out.add((AnnotationValue) o);
      }
    }
    return out;
  }

  /** The {@code TypeMirror} of a {@code Class<?>} annotation value. */
  static TypeMirror typeOf(AnnotationValue value) {
    Object v = value.getValue();
    return v instanceof TypeMirror t ? t : null;
  }

  /** The value of a single-string annotation like {@code @Description("...")}, if present. */
  Optional<String> stringOf(Element element, String qualifiedName) {
    return find(element, qualifiedName).map(m -> string(m, "value"));
  }
}
