package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a template against a method's parameters and resolves {@code {{p.x.y}}} to accessor calls.
 * Errors go on the annotation value that holds the template.
 */
final class TemplateResolver {

  /** Where a template came from, for error positions. */
  record Source(Element element, AnnotationMirror annotation, AnnotationValue value) {}

  /**
   * What a template of one method may name.
   *
   * @param methodName the method, as messages name it
   * @param parameters the method's parameters, by name, with their types
   * @param images the names of the image parameters, which a template may not name
   * @param declaredThrows what the method declares: an accessor may throw only those checked
   *     exceptions, since the generated method calls it
   */
  record Scope(
      String methodName,
      Map<String, TypeMirror> parameters,
      Set<String> images,
      List<? extends TypeMirror> declaredThrows) {
    Scope {
      parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
      images = Set.copyOf(images);
      declaredThrows = List.copyOf(declaredThrows);
    }
  }

  private final ProcessingContext context;
  private final String packageName;

  TemplateResolver(ProcessingContext context, String packageName) {
    this.context = context;
    this.packageName = packageName;
  }

  /**
   * Resolves {@code text} in {@code scope}; empty after reporting an error. Adds every parameter
   * the template names to {@code used}, even when it reports an error.
   */
  Optional<ResolvedTemplate> resolve(String text, Source source, Scope scope, Set<String> used) {
    String methodName = scope.methodName();
    Map<String, TypeMirror> parameters = scope.parameters();
    Template.Parsed parsed = Template.parse(text);
    if (parsed.problem() != null) {
      Template.Problem p = parsed.problem();
      if (p.diagnostic() == Diagnostic.UNCLOSED_TEMPLATE_VARIABLE) {
        report(source, p.diagnostic(), p.index(), abbreviate(text.substring(p.index())));
      } else {
        report(source, p.diagnostic(), p.text(), p.index());
      }
      return Optional.empty();
    }
    boolean ok = true;
    List<ResolvedTemplate.Piece> pieces = new ArrayList<>();
    for (Template.Segment segment : parsed.template().segments()) {
      if (segment instanceof Template.Literal l) {
        pieces.add(new ResolvedTemplate.Text(l.text()));
        continue;
      }
      Template.Variable v = (Template.Variable) segment;
      TypeMirror type = parameters.get(v.root());
      if (type == null) {
        report(
            source,
            Diagnostic.UNKNOWN_TEMPLATE_VARIABLE,
            v.text(),
            methodName,
            Names.suggestion(v.root(), parameters.keySet()),
            Names.quoteList(parameters.keySet()));
        ok = false;
        continue;
      }
      used.add(v.root());
      if (scope.images().contains(v.root())) {
        report(source, Diagnostic.IMAGE_IN_TEMPLATE, v.text());
        ok = false;
        continue;
      }
      Optional<List<String>> accessors = accessors(v, type, source, scope);
      if (accessors.isEmpty()) {
        ok = false;
        continue;
      }
      pieces.add(new ResolvedTemplate.Value(v.root(), accessors.get()));
    }
    return ok ? Optional.of(new ResolvedTemplate(pieces)) : Optional.empty();
  }

  /**
   * The accessors that read {@code v}'s path from its parameter of type {@code type}, in order;
   * empty after reporting a property that does not exist or that throws what the method does not
   * declare.
   */
  private Optional<List<String>> accessors(
      Template.Variable v, TypeMirror type, Source source, Scope scope) {
    List<String> accessors = new ArrayList<>();
    for (String property : v.path()) {
      Map<String, ExecutableElement> available = properties(type);
      ExecutableElement accessor = available.get(property);
      if (accessor == null) {
        report(
            source,
            Diagnostic.UNKNOWN_TEMPLATE_PROPERTY,
            v.text(),
            type,
            property,
            Names.suggestion(property, available.keySet()),
            Names.quoteList(available.keySet()));
        return Optional.empty();
      }
      ExecutableType member =
          (ExecutableType) context.types().asMemberOf((DeclaredType) type, accessor);
      List<TypeMirror> uncaught =
          CheckedExceptions.uncaught(
              member.getThrownTypes(), scope.declaredThrows(), context.elements(), context.types());
      if (!uncaught.isEmpty()) {
        report(
            source,
            Diagnostic.TEMPLATE_PROPERTY_THROWS,
            v.text(),
            ElementText.method(accessor),
            String.join(", ", uncaught.stream().map(TypeMirror::toString).toList()),
            scope.methodName());
        return Optional.empty();
      }
      accessors.add(accessor.getSimpleName().toString());
      type = member.getReturnType();
    }
    return Optional.of(accessors);
  }

  /**
   * The properties a template can read from {@code type}: record components, then getters ({@code
   * getX}, {@code isX}) and other no-argument methods, by property name.
   */
  Map<String, ExecutableElement> properties(TypeMirror type) {
    Map<String, ExecutableElement> out = new LinkedHashMap<>();
    if (type.getKind() != TypeKind.DECLARED) {
      return out;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    if (element.getKind() == ElementKind.RECORD) {
      for (RecordComponentElement c : element.getRecordComponents()) {
        if (c.getAccessor() != null && accessible(c.getAccessor())) {
          out.put(c.getSimpleName().toString(), c.getAccessor());
        }
      }
    }
    List<ExecutableElement> plain = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(context.elements().getAllMembers(element))) {
      if (!m.getParameters().isEmpty()
          || m.getReturnType().getKind() == TypeKind.VOID
          || m.getModifiers().contains(Modifier.STATIC)
          || !m.getTypeParameters().isEmpty()
          || !accessible(m)
          || isObjectMethod(m)) {
        continue;
      }
      String name = m.getSimpleName().toString();
      Optional<String> property = getterProperty(name, m.getReturnType());
      if (property.isPresent()) {
        out.putIfAbsent(property.get(), m);
      } else {
        plain.add(m);
      }
    }
    for (ExecutableElement m : plain) {
      out.putIfAbsent(m.getSimpleName().toString(), m);
    }
    return out;
  }

  /** The property a getter ({@code getX}, boolean {@code isX}) reads; empty for other names. */
  private static Optional<String> getterProperty(String name, TypeMirror returnType) {
    String rest;
    if (name.startsWith("get") && name.length() > 3 && Character.isUpperCase(name.charAt(3))) {
      rest = name.substring(3);
    } else if (name.startsWith("is")
        && name.length() > 2
        && Character.isUpperCase(name.charAt(2))
        && returnType.getKind() == TypeKind.BOOLEAN) {
      rest = name.substring(2);
    } else {
      return Optional.empty();
    }
    return Optional.of(rest.substring(0, 1).toLowerCase(Locale.ROOT) + rest.substring(1));
  }

  private static boolean isObjectMethod(ExecutableElement m) {
    TypeElement owner = (TypeElement) m.getEnclosingElement();
    return owner.getQualifiedName().contentEquals(Object.class.getName())
        || m.getSimpleName().contentEquals("hashCode")
        || m.getSimpleName().contentEquals("toString");
  }

  private boolean accessible(ExecutableElement m) {
    if (m.getModifiers().contains(Modifier.PUBLIC)) {
      return true;
    }
    if (m.getModifiers().contains(Modifier.PRIVATE)) {
      return false;
    }
    return context.elements().getPackageOf(m).getQualifiedName().contentEquals(packageName);
  }

  private void report(Source source, Diagnostic diagnostic, Object... args) {
    context
        .reporter()
        .report(diagnostic, source.element(), source.annotation(), source.value(), args);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
