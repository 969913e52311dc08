package dev.majordomo.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The methods of {@code dev.majordomo.Conversations} that an assistant inherits, found by name: the
 * processor never loads the runtime. Generated code implements them by handing the id to the
 * runtime, so they are not assistant methods that call a model.
 */
final class ConversationMethods {
  private final Elements elements;
  private final List<ExecutableElement> declared;
  private final TypeElement assistant;

  private ConversationMethods(
      Elements elements, TypeElement assistant, List<ExecutableElement> declared) {
    this.elements = elements;
    this.assistant = assistant;
    this.declared = declared;
  }

  /** Those of {@code assistant}: none unless it extends {@code Conversations}, directly or not. */
  static ConversationMethods of(Elements elements, Types types, TypeElement assistant) {
    TypeElement conversations = conversations(types, assistant);
    List<ExecutableElement> declared =
        conversations == null
            ? List.of()
            : ElementFilter.methodsIn(conversations.getEnclosedElements());
    return new ConversationMethods(elements, assistant, declared);
  }

  /** Whether the assistant extends {@code Conversations}. */
  boolean present() {
    return !declared.isEmpty();
  }

  /** Whether {@code method}, a member of the assistant, is one of them or redeclares one. */
  boolean contains(ExecutableElement method) {
    for (ExecutableElement d : declared) {
      if (d.equals(method) || elements.overrides(method, d, assistant)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The return type of the {@code Conversations} method that {@code method} is or redeclares: what
   * the runtime's method of the same name returns, and so all the generated class can return.
   */
  TypeMirror returnType(ExecutableElement method) {
    for (ExecutableElement d : declared) {
      if (d.equals(method) || elements.overrides(method, d, assistant)) {
        return d.getReturnType();
      }
    }
    throw new IllegalArgumentException(method + " is not a method of Conversations");
  }

  /** {@code Conversations} among the supertypes of {@code type}, or null. */
  private static TypeElement conversations(Types types, TypeElement type) {
    Set<String> seen = new HashSet<>();
    Deque<TypeMirror> todo = new ArrayDeque<>(List.of(type.asType()));
    while (!todo.isEmpty()) {
      for (TypeMirror s : types.directSupertypes(todo.pop())) {
        if (s.getKind() == TypeKind.DECLARED
            && ((DeclaredType) s).asElement() instanceof TypeElement t
            && seen.add(t.getQualifiedName().toString())) {
          if (t.getQualifiedName().contentEquals(Annotations.CONVERSATIONS)) {
            return t;
          }
          todo.add(s);
        }
      }
    }
    return null;
  }
}
