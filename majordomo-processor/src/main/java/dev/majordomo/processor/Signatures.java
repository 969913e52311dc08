package dev.majordomo.processor;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Facts about types in a copied signature that decide which warnings javac gives for it. */
final class Signatures {
  private Signatures() {}

  /** Whether {@code type} is or contains a raw use of a generic type ({@code List}). */
  static boolean hasRawType(TypeMirror type) {
    if (type == null) {
      return false;
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return hasRawType(((ArrayType) type).getComponentType());
    }
    if (type.getKind() == TypeKind.WILDCARD) {
      WildcardType w = (WildcardType) type;
      return hasRawType(w.getExtendsBound()) || hasRawType(w.getSuperBound());
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    DeclaredType d = (DeclaredType) type;
    if (d.getTypeArguments().isEmpty()
        && !((TypeElement) d.asElement()).getTypeParameters().isEmpty()) {
      return true;
    }
    if (hasRawType(d.getEnclosingType())) {
      return true;
    }
    for (TypeMirror arg : d.getTypeArguments()) {
      if (hasRawType(arg)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code type} is reifiable (JLS 4.7); a varargs parameter of a non-reifiable type makes
   * javac warn about possible heap pollution at the declaration.
   */
  static boolean isReifiable(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return isReifiable(((ArrayType) type).getComponentType());
      case TYPEVAR:
        return false;
      case DECLARED:
        DeclaredType d = (DeclaredType) type;
        for (TypeMirror arg : d.getTypeArguments()) {
          if (arg.getKind() != TypeKind.WILDCARD
              || ((WildcardType) arg).getExtendsBound() != null
              || ((WildcardType) arg).getSuperBound() != null) {
            return false;
          }
        }
        return d.getEnclosingType().getKind() == TypeKind.NONE || isReifiable(d.getEnclosingType());
      default:
        return true;
    }
  }
}
