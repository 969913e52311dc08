package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/** Validates tool classes and builds their {@link ToolSource}s, with argument schemas. */
final class ToolValidator {
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private final ProcessingContext context;
  private final Annotations annotations;
  private final Javadoc javadoc;
  private final TypeAnalyzer analyzer;
  private final String packageName;

  ToolValidator(ProcessingContext context, TypeAnalyzer analyzer, String packageName) {
    this.context = context;
    this.annotations = context.annotations();
    this.javadoc = context.javadoc();
    this.analyzer = analyzer;
    this.packageName = packageName;
  }

  /**
   * The tool source for a {@code Class<?>} value of {@code @Llm(tools = ...)}; empty after
   * reporting an error.
   */
  Optional<ToolSource> toolClass(
      TypeMirror type, Element annotated, AnnotationMirror llm, AnnotationValue value) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      context
          .reporter()
          .report(
              Diagnostic.INACCESSIBLE_TOOL_CLASS,
              annotated,
              llm,
              value,
              type,
              packageName,
              "it is not a class");
      return Optional.empty();
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    Optional<String> problem =
        analyzer
            .inaccessibility(element)
            .or(
                () ->
                    element.getTypeParameters().isEmpty()
                        ? Optional.empty()
                        : Optional.of("it is generic"));
    if (problem.isPresent()) {
      context
          .reporter()
          .report(
              Diagnostic.INACCESSIBLE_TOOL_CLASS,
              annotated,
              llm,
              value,
              element.getQualifiedName(),
              packageName,
              problem.get());
      return Optional.empty();
    }
    List<ExecutableElement> methods = toolMethods(element);
    if (methods.isEmpty()) {
      context
          .reporter()
          .report(Diagnostic.NO_TOOL_METHODS, annotated, llm, value, element.getQualifiedName());
      return Optional.empty();
    }
    return tools((DeclaredType) element.asType(), methods)
        .map(
            tools ->
                new ToolSource(
                    element,
                    false,
                    tools.stream().anyMatch(t -> !t.isStatic()),
                    constructible(element),
                    tools));
  }

  /**
   * The default-method tools of the assistant interface, with no tools when it has none; empty
   * after an error.
   */
  Optional<ToolSource> selfTools(TypeElement assistant) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (ExecutableElement m : toolMethods(assistant)) {
      if (!m.getModifiers().contains(Modifier.ABSTRACT)) {
        methods.add(m);
      }
    }
    if (methods.isEmpty()) {
      return Optional.of(new ToolSource(assistant, true, false, false, List.of()));
    }
    return tools((DeclaredType) assistant.asType(), methods)
        .map(tools -> new ToolSource(assistant, true, true, false, tools));
  }

  /** The methods of {@code type} (declared or inherited) that carry {@code @Tool}. */
  List<ExecutableElement> toolMethods(TypeElement type) {
    List<ExecutableElement> out = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(context.elements().getAllMembers(type))) {
      if (Annotations.find(m, Annotations.TOOL).isPresent()) {
        out.add(m);
      }
    }
    return out;
  }

  /** The tools of {@code methods}, every one checked; empty when any of them is invalid. */
  private Optional<List<ToolModel>> tools(DeclaredType owner, List<ExecutableElement> methods) {
    List<ToolModel> out = new ArrayList<>();
    boolean ok = true;
    for (ExecutableElement m : methods) {
      Optional<ToolModel> tool = tool(owner, m);
      tool.ifPresent(out::add);
      ok &= tool.isPresent();
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  private Optional<ToolModel> tool(DeclaredType owner, ExecutableElement method) {
    AnnotationMirror toolAnnotation = Annotations.find(method, Annotations.TOOL).orElseThrow();
    String where = ElementText.method(owner.asElement(), method);
    boolean ok = true;
    if (!method.getModifiers().contains(Modifier.PUBLIC)) {
      context.reporter().report(Diagnostic.TOOL_NOT_PUBLIC, method, where);
      ok = false;
    }
    if (!method.getTypeParameters().isEmpty()) {
      context
          .reporter()
          .report(
              Diagnostic.GENERIC_METHOD,
              method,
              "Tool method " + where,
              ElementText.typeParameters(method.getTypeParameters()));
      return Optional.empty();
    }
    String explicitName = annotations.string(toolAnnotation, "name");
    String name = explicitName.isEmpty() ? method.getSimpleName().toString() : explicitName;
    if (!TOOL_NAME.matcher(name).matches()) {
      context
          .reporter()
          .report(
              Diagnostic.INVALID_TOOL_NAME,
              method,
              toolAnnotation,
              Annotations.explicit(toolAnnotation, "name"),
              name,
              where);
      ok = false;
    }
    ExecutableType type = (ExecutableType) context.types().asMemberOf(owner, method);
    List<ToolModel.Parameter> parameters = new ArrayList<>();
    List<SchemaWriter.Field> fields = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      Optional<ToolModel.Parameter> parameter =
          parameter(p, type.getParameterTypes().get(i), where);
      if (parameter.isEmpty()) {
        ok = false;
        continue;
      }
      String argument = parameter.get().name();
      Optional<String> description =
          annotations
              .stringOf(p, Annotations.DESCRIPTION)
              .or(() -> javadoc.param(method, argument));
      parameters.add(parameter.get());
      fields.add(
          new SchemaWriter.Field(argument, parameter.get().shape(), description.orElse(null)));
    }
    if (!ok) {
      return Optional.empty();
    }
    String schema = new SchemaWriter(analyzer.objects(), SchemaWriter.Mode.TOOL).arguments(fields);
    return Optional.of(
        new ToolModel(
            method,
            name,
            description(method, toolAnnotation, where, name),
            schema,
            parameters,
            method.getModifiers().contains(Modifier.STATIC),
            result(type.getReturnType())));
  }

  /** One argument of a tool, {@code type} as a member of the tool class; empty after an error. */
  private Optional<ToolModel.Parameter> parameter(
      VariableElement parameter, TypeMirror type, String where) {
    String name = parameter.getSimpleName().toString();
    try {
      return Optional.of(new ToolModel.Parameter(name, analyzer.analyze(type, true)));
    } catch (TypeAnalyzer.Unsupported e) {
      if (e.diagnostic == Diagnostic.NOT_CONSTRUCTIBLE) {
        context
            .reporter()
            .report(
                Diagnostic.NOT_CONSTRUCTIBLE,
                parameter,
                e.typeText,
                "tool parameter '" + name + "' of " + where,
                e.getMessage());
      } else {
        context
            .reporter()
            .report(
                Diagnostic.UNSUPPORTED_TOOL_PARAMETER,
                parameter,
                name,
                where,
                type,
                e.getMessage());
      }
      return Optional.empty();
    }
  }

  /**
   * What the model reads about a tool: {@code @Tool}'s text, else {@code @Description}, else the
   * Javadoc; else its name, with a warning.
   */
  private String description(
      ExecutableElement method, AnnotationMirror toolAnnotation, String where, String name) {
    Optional<String> described =
        Optional.of(annotations.string(toolAnnotation, "value"))
            .filter(s -> !s.isBlank())
            .or(
                () ->
                    annotations.stringOf(method, Annotations.DESCRIPTION).filter(s -> !s.isBlank()))
            .or(() -> javadoc.description(method));
    if (described.isEmpty()) {
      // A warning, not an error: the tool works, but a model picks tools by their descriptions.
      // On the @Tool annotation, where the fix goes.
      context
          .reporter()
          .report(Diagnostic.TOOL_WITHOUT_DESCRIPTION, method, toolAnnotation, null, where, name);
    }
    return described.orElse(name);
  }

  private static ToolModel.Result result(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID) {
      return ToolModel.Result.VOID;
    }
    if (TypeNames.isString(type)) {
      return ToolModel.Result.STRING;
    }
    return ToolModel.Result.JSON;
  }

  /** Whether generated code may call a no-argument constructor of {@code element}. */
  private boolean constructible(TypeElement element) {
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)
        || (element.getNestingKind() == NestingKind.MEMBER
            && !element.getModifiers().contains(Modifier.STATIC))) {
      return false;
    }
    boolean samePackage =
        context.elements().getPackageOf(element).getQualifiedName().contentEquals(packageName);
    for (ExecutableElement c : ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (c.getParameters().isEmpty()) {
        // a constructor that throws a checked exception cannot be a Supplier (T::new): such a class
        // is passed as an instance, like one without a no-argument constructor
        return (c.getModifiers().contains(Modifier.PUBLIC)
                || (samePackage && !c.getModifiers().contains(Modifier.PRIVATE)))
            && CheckedExceptions.uncaught(
                    c.getThrownTypes(), List.of(), context.elements(), context.types())
                .isEmpty();
      }
    }
    return false;
  }
}
