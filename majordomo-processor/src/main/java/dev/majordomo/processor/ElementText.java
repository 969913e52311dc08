package dev.majordomo.processor;

import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeParameterElement;

/** How diagnostics name elements, so that every message spells them alike. */
final class ElementText {
  private ElementText() {}

  /** {@code Owner.method()}: the method under the name of the type that declares it. */
  static String method(ExecutableElement method) {
    return method(method.getEnclosingElement(), method);
  }

  /** {@code Owner.method()}: the method under the name of {@code owner} (which may inherit it). */
  static String method(Element owner, Element method) {
    return owner.getSimpleName() + "." + method.getSimpleName() + "()";
  }

  /** The kind of a type with its article: "a class", "an enum", "an interface". */
  static String kindWithArticle(Element element) {
    return switch (element.getKind()) {
      case CLASS -> "a class";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      case INTERFACE -> "an interface";
      default -> "a " + element.getKind().toString().toLowerCase(Locale.ROOT);
    };
  }

  /** The kind of a type without its article: "class", "enum", "interface". */
  static String kind(Element element) {
    String withArticle = kindWithArticle(element);
    return withArticle.substring(withArticle.indexOf(' ') + 1);
  }

  /** The names of type parameters, comma-separated: {@code T, U}. */
  static String typeParameters(List<? extends TypeParameterElement> parameters) {
    return String.join(", ", parameters.stream().map(p -> p.getSimpleName().toString()).toList());
  }
}
