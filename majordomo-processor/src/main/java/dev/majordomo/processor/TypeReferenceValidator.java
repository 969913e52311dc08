package dev.majordomo.processor;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Checks every type the generated class will name (in signatures, {@code new}, {@code .class},
 * casts): it must be accessible from the generated class's package, and not an auxiliary class (a
 * top-level type in a file named after another), which javac warns about in any other file.
 */
final class TypeReferenceValidator {
  private final ProcessingContext context;
  private final String packageName;
  private final TypeAnalyzer analyzer;

  TypeReferenceValidator(ProcessingContext context, String packageName, TypeAnalyzer analyzer) {
    this.context = context;
    this.packageName = packageName;
    this.analyzer = analyzer;
  }

  /** Checks the types named by the class generated for {@code assistant}. */
  void check(TypeElement assistant, List<MethodModel> methods, List<ToolSource> sources) {
    // the generated class implements the interface: it is named too
    check(assistant.asType(), assistant, "The generated class");
    for (MethodModel m : methods) {
      ExecutableElement e = m.element();
      String where = ElementText.method(e);
      for (int i = 0; i < e.getParameters().size(); i++) {
        VariableElement p = e.getParameters().get(i);
        check(m.parameterTypes().get(i), p, "Parameter '" + p.getSimpleName() + "' of " + where);
      }
      check(e.getReturnType(), e, where);
      for (TypeMirror t : e.getThrownTypes()) {
        check(t, e, where);
      }
    }
    for (ToolSource s : sources) {
      if (s.self()) {
        continue;
      }
      check(s.element().asType(), assistant, "The tools of " + assistant.getSimpleName());
      for (ToolModel t : s.tools()) {
        for (int i = 0; i < t.parameters().size(); i++) {
          check(
              t.parameters().get(i).shape().type(),
              t.element().getParameters().get(i),
              "Tool " + ElementText.method(s.element(), t.element()));
        }
      }
    }
    for (Shape.ObjectDef def : analyzer.objects().values()) {
      check(def.type(), assistant, assistant.getSimpleName().toString());
      for (Shape.Property p : def.properties()) {
        check(p.shape().type(), assistant, assistant.getSimpleName().toString());
      }
    }
  }

  private void check(TypeMirror type, Element at, String where) {
    if (type == null) {
      return;
    }
    switch (type.getKind()) {
      case ARRAY -> check(((ArrayType) type).getComponentType(), at, where);
      case WILDCARD -> {
        WildcardType w = (WildcardType) type;
        check(w.getExtendsBound(), at, where);
        check(w.getSuperBound(), at, where);
      }
      case DECLARED -> {
        DeclaredType d = (DeclaredType) type;
        checkDeclared((TypeElement) d.asElement(), type, at, where);
        for (TypeMirror arg : d.getTypeArguments()) {
          check(arg, at, where);
        }
      }
      default -> {}
    }
  }

  private void checkDeclared(TypeElement e, TypeMirror type, Element at, String where) {
    analyzer
        .inaccessibility(e)
        .ifPresent(
            problem ->
                context
                    .reporter()
                    .report(Diagnostic.INACCESSIBLE_TYPE, at, where, type, packageName, problem));
    TypeElement top = outermost(e);
    context
        .sources()
        .auxiliaryFile(top)
        .ifPresent(
            file ->
                context
                    .reporter()
                    .report(
                        Diagnostic.AUXILIARY_TYPE,
                        at,
                        where,
                        top.getQualifiedName(),
                        file,
                        top.getSimpleName()));
  }

  /** The top-level type that encloses {@code type}, or {@code type} itself. */
  private static TypeElement outermost(TypeElement type) {
    TypeElement top = type;
    while (top.getEnclosingElement() instanceof TypeElement outer) {
      top = outer;
    }
    return top;
  }
}
