package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/** Finds types that do not resolve yet, so that an assistant can wait for a later round. */
final class ErrorTypes {
  private ErrorTypes() {}

  static boolean mentions(TypeElement type, Elements elements) {
    if (inAnnotations(type)) {
      return true;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (inAnnotations(m) || isError(m.getReturnType())) {
        return true;
      }
      for (VariableElement p : m.getParameters()) {
        if (isError(p.asType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inAnnotations(javax.lang.model.element.Element e) {
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      if (isError(a.getAnnotationType())) {
        return true;
      }
      for (AnnotationValue v : a.getElementValues().values()) {
        if (inValue(v.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean inValue(Object value) {
    if (value instanceof TypeMirror t) {
      return isError(t);
    }
    if (value instanceof String s) {
      return s.equals("<error>");
    }
    if (value instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof AnnotationValue v && inValue(v.getValue())) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean isError(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return isError(((ArrayType) type).getComponentType());
    }
    if (type.getKind() == TypeKind.DECLARED) {
      for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
        if (isError(arg)) {
          return true;
        }
      }
    }
    return false;
  }
}
