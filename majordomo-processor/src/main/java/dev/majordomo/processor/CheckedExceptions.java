package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which checked exceptions a call in generated code would leave unhandled. Generated code calls
 * user code (tool constructors, template getters) from places that cannot throw what the user
 * declared.
 */
final class CheckedExceptions {
  private CheckedExceptions() {}

  /** The types in {@code thrown} that are checked and not covered by {@code declared}. */
  static List<TypeMirror> uncaught(
      List<? extends TypeMirror> thrown,
      List<? extends TypeMirror> declared,
      Elements elements,
      Types types) {
    List<TypeMirror> out = new ArrayList<>();
    for (TypeMirror t : thrown) {
      if (isChecked(t, elements, types) && !covered(t, declared, types)) {
        out.add(t);
      }
    }
    return out;
  }

  static boolean isChecked(TypeMirror type, Elements elements, Types types) {
    if (type.getKind() == TypeKind.ERROR) {
      return false; // javac reports the missing type itself
    }
    TypeMirror erased = types.erasure(type);
    return !isSubtype(erased, "java.lang.RuntimeException", elements, types)
        && !isSubtype(erased, "java.lang.Error", elements, types);
  }

  private static boolean covered(
      TypeMirror type, List<? extends TypeMirror> declared, Types types) {
    for (TypeMirror d : declared) {
      if (types.isSubtype(types.erasure(type), types.erasure(d))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSubtype(TypeMirror t, String name, Elements elements, Types types) {
    TypeElement e = elements.getTypeElement(name);
    return e != null && types.isSubtype(t, e.asType());
  }
}
