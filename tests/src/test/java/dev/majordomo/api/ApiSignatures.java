package dev.majordomo.api;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line per public or protected declaration, in the notation of the API files: a type's line
 * holds its modifiers, kind, binary name, type parameters, record components, superclass and
 * interfaces; a member's line its modifiers, type parameters, generic types and throws clause.
 * Names are binary names ({@code Outer$Inner}), as {@link Type#getTypeName()} writes them.
 */
final class ApiSignatures {
  private ApiSignatures() {}

  /** Whether {@code type} can be named from outside its package: it and every enclosing type. */
  static boolean isExported(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!isVisible(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** The type's block: its own line, then one indented line per member, in a fixed order. */
  static List<String> block(Class<?> type) {
    List<String> lines = new ArrayList<>();
    lines.add(typeLine(type));
    List<Member> members = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
        members.add(
            f.isEnumConstant()
                ? new Member(0, f.getName(), "enum constant " + f.getName())
                : new Member(1, f.getName(), fieldLine(f)));
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (isVisible(c.getModifiers()) && !c.isSynthetic()) {
        members.add(new Member(2, "<init>", constructorLine(c)));
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (isVisible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        members.add(new Member(3, m.getName(), methodLine(m)));
      }
    }
    if (!type.isInterface()) {
      addInheritedFromHiddenSuperclasses(type, members);
    }
    members.sort(
        Comparator.comparingInt(Member::order)
            .thenComparing(Member::name)
            .thenComparing(Member::line));
    for (Member member : members) {
      lines.add("  " + member.line());
    }
    return lines;
  }

  /**
   * The visible fields and methods of the superclasses that are not exported themselves: callable
   * on {@code type}, so part of its API, though they appear in its class file at most as synthetic
   * bridges. A member {@code type} or a nearer superclass declares again is listed once.
   */
  private static void addInheritedFromHiddenSuperclasses(Class<?> type, List<Member> members) {
    Set<String> seen = new HashSet<>();
    for (Field f : type.getDeclaredFields()) {
      seen.add(f.getName());
    }
    for (Method m : type.getDeclaredMethods()) {
      // Not the bridges: javac writes one for each public method of a hidden superclass.
      if (!m.isSynthetic() && !m.isBridge()) {
        seen.add(m.getName() + Arrays.toString(m.getParameterTypes()));
      }
    }
    for (Class<?> s = type.getSuperclass();
        s != null && s != Object.class && !isExported(s);
        s = s.getSuperclass()) {
      for (Field f : s.getDeclaredFields()) {
        if (isVisible(f.getModifiers()) && !f.isSynthetic() && seen.add(f.getName())) {
          members.add(new Member(1, f.getName(), fieldLine(f)));
        }
      }
      for (Method m : s.getDeclaredMethods()) {
        if (isVisible(m.getModifiers())
            && !m.isSynthetic()
            && !m.isBridge()
            && seen.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
          members.add(new Member(3, m.getName(), methodLine(m)));
        }
      }
    }
  }

  private record Member(int order, String name, String line) {}

  private static boolean isVisible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  static String typeLine(Class<?> type) {
    StringBuilder line = new StringBuilder();
    int kept = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC;
    if (!type.isInterface()) {
      kept |= Modifier.FINAL | Modifier.ABSTRACT;
    }
    appendModifiers(line, type.getModifiers() & kept);
    if (type.isSealed()) {
      line.append("sealed ");
    }
    line.append(
        type.isAnnotation()
            ? "@interface "
            : type.isInterface()
                ? "interface "
                : type.isEnum() ? "enum " : type.isRecord() ? "record " : "class ");
    line.append(type.getName()).append(typeParameters(type));
    if (type.isRecord()) {
      line.append(
          Arrays.stream(type.getRecordComponents())
              .map(ApiSignatures::component)
              .collect(Collectors.joining(", ", "(", ")")));
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null
        && superclass != Object.class
        && superclass != Record.class
        && !type.isEnum()) {
      line.append(" extends ").append(superclass.getTypeName());
    }
    List<String> interfaces = new ArrayList<>();
    for (Type t : type.getGenericInterfaces()) {
      if (!(type.isAnnotation() && t == java.lang.annotation.Annotation.class)) {
        interfaces.add(t.getTypeName());
      }
    }
    if (!interfaces.isEmpty()) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(String.join(", ", interfaces));
    }
    if (type.isSealed()) {
      line.append(
          Arrays.stream(type.getPermittedSubclasses())
              .map(Class::getName)
              .sorted()
              .collect(Collectors.joining(", ", " permits ", "")));
    }
    return line.toString();
  }

  private static String component(RecordComponent component) {
    return component.getGenericType().getTypeName() + " " + component.getName();
  }

  private static String fieldLine(Field field) {
    StringBuilder line = new StringBuilder();
    appendModifiers(
        line,
        field.getModifiers()
            & (Modifier.PUBLIC
                | Modifier.PROTECTED
                | Modifier.STATIC
                | Modifier.FINAL
                | Modifier.VOLATILE
                | Modifier.TRANSIENT));
    return line.append(field.getGenericType().getTypeName())
        .append(' ')
        .append(field.getName())
        .toString();
  }

  private static String constructorLine(Constructor<?> constructor) {
    StringBuilder line = new StringBuilder();
    appendModifiers(line, constructor.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED));
    String typeParameters = typeParameters(constructor);
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters).append(' ');
    }
    line.append(constructor.getDeclaringClass().getName());
    appendParametersAndThrows(line, constructor);
    return line.toString();
  }

  private static String methodLine(Method method) {
    StringBuilder line = new StringBuilder();
    // synchronized and native are how a method is implemented, not what callers may rely on.
    int kept = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL;
    if (!method.getDeclaringClass().isInterface()) {
      kept |= Modifier.ABSTRACT;
    }
    appendModifiers(line, method.getModifiers() & kept);
    if (method.isDefault()) {
      line.append("default ");
    }
    String typeParameters = typeParameters(method);
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters).append(' ');
    }
    line.append(method.getGenericReturnType().getTypeName()).append(' ').append(method.getName());
    appendParametersAndThrows(line, method);
    Object defaultValue = method.getDefaultValue();
    if (defaultValue != null) {
      line.append(" default ").append(value(defaultValue));
    }
    return line.toString();
  }

  private static void appendParametersAndThrows(StringBuilder line, Executable executable) {
    Type[] parameters = executable.getGenericParameterTypes();
    // Inner-class constructors may report the outer instance only among the erased types.
    if (parameters.length != executable.getParameterCount()) {
      parameters = executable.getParameterTypes();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      String name = parameters[i].getTypeName();
      if (executable.isVarArgs() && i == parameters.length - 1 && name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      names.add(name);
    }
    line.append(names.stream().collect(Collectors.joining(", ", "(", ")")));
    Type[] exceptions = executable.getGenericExceptionTypes();
    if (exceptions.length > 0) {
      line.append(
          Arrays.stream(exceptions)
              .map(Type::getTypeName)
              .collect(Collectors.joining(", ", " throws ", "")));
    }
  }

  private static String typeParameters(GenericDeclaration declaration) {
    TypeVariable<?>[] variables = declaration.getTypeParameters();
    if (variables.length == 0) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      List<String> bounds =
          Arrays.stream(variable.getBounds())
              .filter(b -> b != Object.class)
              .map(Type::getTypeName)
              .toList();
      parts.add(
          bounds.isEmpty()
              ? variable.getName()
              : variable.getName() + " extends " + String.join(" & ", bounds));
    }
    return "<" + String.join(", ", parts) + ">";
  }

  /** An annotation member's default as source would write it. */
  private static String value(Object value) {
    if (value instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
    if (value instanceof Character c) {
      return "'" + c + "'";
    }
    if (value instanceof Class<?> c) {
      return c.getTypeName() + ".class";
    }
    if (value instanceof Enum<?> e) {
      return e.getDeclaringClass().getName() + "." + e.name();
    }
    if (value instanceof Long l) {
      return l + "L";
    }
    if (value instanceof Float f) {
      return f + "f";
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return d.isNaN()
          ? "Double.NaN"
          : d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    if (value.getClass().isArray()) {
      List<String> items = new ArrayList<>();
      for (int i = 0; i < Array.getLength(value); i++) {
        items.add(value(Array.get(value, i)));
      }
      return "{" + String.join(", ", items) + "}";
    }
    return String.valueOf(value);
  }

  private static void appendModifiers(StringBuilder line, int modifiers) {
    if (modifiers != 0) {
      line.append(Modifier.toString(modifiers)).append(' ');
    }
  }
}
