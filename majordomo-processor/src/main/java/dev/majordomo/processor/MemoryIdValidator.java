package dev.majordomo.processor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the {@code @MemoryId} parameter of an assistant method and checks it: at most one, of a
 * type whose text names a conversation for good, and not on a method returning raw events.
 */
final class MemoryIdValidator {
  private static final Set<String> ID_TYPES =
      Set.of(
          String.class.getName(),
          java.util.UUID.class.getName(),
          Long.class.getName(),
          Integer.class.getName());

  /** Accessors whose value the hint of {@link Diagnostic#UNSUPPORTED_MEMORY_ID_TYPE} suggests. */
  private static final List<String> ID_ACCESSORS = List.of("id", "getId", "key", "getKey");

  private final Reporter reporter;

  MemoryIdValidator(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * The {@code @MemoryId} parameter of {@code method}.
   *
   * @param parameter the (first) parameter, or null when the method has none
   * @param ok false after reporting an error
   */
  record Found(VariableElement parameter, boolean ok) {
    String name() {
      return parameter == null ? null : parameter.getSimpleName().toString();
    }
  }

  /** The parameter, after reporting a second one and an unsupported type. */
  Found find(AssistantMethod method) {
    VariableElement first = null;
    boolean ok = true;
    List<? extends VariableElement> parameters = method.element().getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement p = parameters.get(i);
      Optional<AnnotationMirror> annotation = Annotations.find(p, Annotations.MEMORY_ID);
      if (annotation.isEmpty()) {
        continue;
      }
      if (first != null) {
        reporter.report(
            Diagnostic.DUPLICATE_MEMORY_ID,
            p,
            annotation.get(),
            null,
            method.where(),
            first.getSimpleName(),
            p.getSimpleName(),
            p.getSimpleName());
        ok = false;
        continue;
      }
      TypeMirror type = method.type().getParameterTypes().get(i);
      if (!isIdType(type)) {
        reporter.report(
            Diagnostic.UNSUPPORTED_MEMORY_ID_TYPE,
            p,
            annotation.get(),
            null,
            p.getSimpleName(),
            method.where(),
            type,
            hint(p.getSimpleName().toString(), type));
        ok = false;
      }
      first = p;
    }
    return new Found(first, ok);
  }

  /** Reports {@code found} on a method whose caller runs the tools; false when it did. */
  boolean checkReturn(AssistantMethod method, Found found, ReturnModel returns) {
    if (found.parameter() == null || returns.kind() != ReturnModel.Kind.STREAM_EVENTS) {
      return true;
    }
    reporter.report(
        Diagnostic.MEMORY_ID_ON_EVENT_STREAM,
        found.parameter(),
        Annotations.find(found.parameter(), Annotations.MEMORY_ID).orElse(null),
        null,
        method.where());
    return false;
  }

  /** String, UUID, long/Long, int/Integer or an enum: a type whose text never changes. */
  static boolean isIdType(TypeMirror type) {
    if (type.getKind() == TypeKind.LONG || type.getKind() == TypeKind.INT) {
      return true;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.ENUM
        || ID_TYPES.contains(element.getQualifiedName().toString());
  }

  /** " Did you mean to pass customer.id()?" when the type has such an accessor of an id type. */
  private static String hint(String parameter, TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return "";
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    for (String name : ID_ACCESSORS) {
      for (ExecutableElement m : ElementFilter.methodsIn(element.getEnclosedElements())) {
        if (m.getSimpleName().contentEquals(name)
            && m.getParameters().isEmpty()
            && m.getModifiers().contains(Modifier.PUBLIC)
            && !m.getModifiers().contains(Modifier.STATIC)
            && isIdType(m.getReturnType())) {
          return " Did you mean to take its "
              + name
              + "() instead, passing "
              + parameter
              + "."
              + name
              + "()?";
        }
      }
    }
    return "";
  }
}
