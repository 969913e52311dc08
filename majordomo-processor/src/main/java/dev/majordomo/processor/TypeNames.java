package dev.majordomo.processor;

import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Which declared type a {@link TypeMirror} is, by qualified name, without loading any class. */
final class TypeNames {
  private TypeNames() {}

  /** The qualified name of a declared type; empty for primitives, arrays, type variables. */
  static Optional<String> qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return Optional.empty();
    }
    return Optional.of(
        ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString());
  }

  /** Whether {@code type} is the declared type {@code qualifiedName}, with any type arguments. */
  static boolean isNamed(TypeMirror type, String qualifiedName) {
    return qualifiedName(type).filter(qualifiedName::equals).isPresent();
  }

  static boolean isString(TypeMirror type) {
    return isNamed(type, String.class.getName());
  }

  static boolean isImage(TypeMirror type) {
    return isNamed(type, RuntimeNames.IMAGE.canonicalName());
  }

  /** Whether {@code type} is {@code List<Image>}. */
  static boolean isImageList(TypeMirror type) {
    if (!isNamed(type, List.class.getName())) {
      return false;
    }
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    return args.size() == 1 && isImage(args.get(0));
  }
}
