package dev.majordomo.processor;

import dev.majordomo.internal.grammar.ChainGrammar;
import dev.majordomo.internal.grammar.GeneratedClassNames;
import dev.majordomo.internal.grammar.GrammarException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks one assistant interface and builds its {@link AssistantModel}. Every problem is reported
 * through the {@link Diagnostic} catalog; the generator only ever sees valid models.
 */
final class AssistantValidator {
  /**
   * The rounds of a method whose {@code @Llm} and interface set none: the runtime's {@code
   * MethodPlan.INHERIT_MAX_TOOL_ROUNDS}, which defers to the registry's {@code
   * Limits.maxToolRounds} at call time. Never a number of our own: that would hide the registry's
   * limit from generated code.
   */
  static final int INHERIT_MAX_TOOL_ROUNDS = -1;

  private static final String IMAGE = "dev.majordomo.media.Image";

  private final ProcessingContext context;
  private final Annotations annotations;
  private final OptionsReader options;

  AssistantValidator(ProcessingContext context) {
    this.context = context;
    this.annotations = context.annotations();
    this.options = new OptionsReader(context);
  }

  /** Reports {@code @Llm} on a method of a class, enum, record or annotation type. */
  void rejectMethodOutsideInterface(ExecutableElement method) {
    Element owner = method.getEnclosingElement();
    context
        .reporter()
        .report(
            Diagnostic.LLM_NOT_ON_INTERFACE,
            method,
            Annotations.find(method, Annotations.LLM).orElse(null),
            null,
            owner.getSimpleName() + "." + method.getSimpleName() + "()",
            "a method of " + kindText(owner));
  }

  /** The model of {@code type}, or null after reporting at least one error. */
  AssistantModel validate(TypeElement type) {
    int errorsBefore = context.reporter().errors();
    AnnotationMirror llm = Annotations.find(type, Annotations.LLM).orElse(null);
    if (type.getKind() != ElementKind.INTERFACE) {
      context
          .reporter()
          .report(
              Diagnostic.LLM_NOT_ON_INTERFACE,
              type,
              llm,
              null,
              type.getSimpleName(),
              kindText(type));
      return null;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)
        || type.getNestingKind() == NestingKind.LOCAL
        || enclosedInPrivate(type)) {
      context.reporter().report(Diagnostic.INACCESSIBLE_ASSISTANT, type, type.getQualifiedName());
      return null;
    }
    if (!type.getTypeParameters().isEmpty()) {
      context
          .reporter()
          .report(
              Diagnostic.GENERIC_ASSISTANT,
              type,
              type.getQualifiedName(),
              typeParameters(type.getTypeParameters()));
      return null;
    }
    if (type.getModifiers().contains(Modifier.SEALED) && !permitsGenerated(type)) {
      String generated = generatedSimpleName(type);
      context
          .reporter()
          .report(Diagnostic.SEALED_ASSISTANT, type, type.getQualifiedName(), generated, generated);
      return null;
    }
    String packageName = context.elements().getPackageOf(type).getQualifiedName().toString();
    TypeAnalyzer analyzer = new TypeAnalyzer(context.elements(), context.types(), packageName);
    ToolValidator toolValidator = new ToolValidator(context, analyzer, packageName);
    TemplateResolver resolver = new TemplateResolver(context, packageName);
    DeclaredType declared = (DeclaredType) type.asType();

    String typeChain = chain(type, llm);
    OptionsModel typeOptions = options.read(type);
    int typeRounds = options.maxToolRounds(type, llm);
    Tools tools = new Tools(toolValidator);
    List<ToolSource> typeTools = tools.listed(type, llm);
    ToolSource self = toolValidator.selfTools(type);
    if (self != null && !self.tools().isEmpty()) {
      tools.register(self, null, null, null);
    }
    Optional<AnnotationMirror> typeSystem = Annotations.find(type, Annotations.SYSTEM_PROMPT);

    List<MethodModel> methods = new ArrayList<>();
    Set<String> signatures = new HashSet<>();
    for (ExecutableElement m : ElementFilter.methodsIn(context.elements().getAllMembers(type))) {
      if (!m.getModifiers().contains(Modifier.ABSTRACT) || isObjectMethod(m)) {
        continue;
      }
      ExecutableType mt = (ExecutableType) context.types().asMemberOf(declared, m);
      if (!signatures.add(m.getSimpleName() + context.types().erasure(mt).toString())) {
        continue;
      }
      String where = m.getEnclosingElement().getSimpleName() + "." + m.getSimpleName() + "()";
      if (m.getParameters().isEmpty()
          && (m.getSimpleName().contentEquals("finalize")
              || m.getSimpleName().contentEquals("clone"))) {
        context.reporter().report(Diagnostic.OBJECT_METHOD_NAME, m, where, m.getSimpleName());
        continue;
      }
      if (Annotations.find(m, Annotations.TOOL).isPresent()) {
        context.reporter().report(Diagnostic.TOOL_ON_ABSTRACT_METHOD, m, where);
        continue;
      }
      if (!m.getTypeParameters().isEmpty()) {
        context
            .reporter()
            .report(
                Diagnostic.GENERIC_METHOD,
                m,
                "Assistant method " + where,
                typeParameters(m.getTypeParameters()));
        continue;
      }
      AnnotationMirror methodLlm = Annotations.find(m, Annotations.LLM).orElse(null);
      String methodChain = chain(m, methodLlm);
      OptionsModel methodOptions = options.read(m);
      int methodRounds = options.maxToolRounds(m, methodLlm);
      List<ToolSource> methodTools = new ArrayList<>(typeTools);
      for (ToolSource s : tools.listed(m, methodLlm)) {
        if (!methodTools.contains(s)) {
          methodTools.add(s);
        }
      }
      if (self != null && !self.tools().isEmpty()) {
        methodTools.add(self);
      }
      if (methodChain == null
          || typeChain == null
          || methodOptions == null
          || typeOptions == null
          || methodRounds == Integer.MIN_VALUE
          || typeRounds == Integer.MIN_VALUE) {
        continue;
      }
      String chain = !methodChain.isEmpty() ? methodChain : typeChain;
      if (chain.isEmpty()) {
        context
            .reporter()
            .report(Diagnostic.NO_CHAIN, m, methodLlm, null, where, type.getSimpleName());
        continue;
      }
      int rounds =
          methodRounds >= 0 ? methodRounds : typeRounds >= 0 ? typeRounds : INHERIT_MAX_TOOL_ROUNDS;
      MethodModel model =
          method(
              m,
              mt,
              where,
              resolver,
              analyzer,
              typeSystem.map(s -> new Site(type, s)).orElse(null),
              chain,
              typeOptions.overriddenBy(methodOptions),
              rounds,
              methodTools);
      if (model != null) {
        methods.add(model);
      }
    }
    tools.checkDuplicateNames(type);
    if (context.reporter().errors() == errorsBefore) {
      new TypeUses(packageName, analyzer).check(type, methods, tools.all());
    }
    if (context.reporter().errors() > errorsBefore) {
      return null;
    }
    return new AssistantModel(
        type,
        declared,
        packageName,
        generatedSimpleName(type),
        isPublic(type),
        methods,
        tools.all(),
        analyzer.objects());
  }

  /** An annotation on an element: where a template came from. */
  private record Site(Element element, AnnotationMirror annotation) {}

  private MethodModel method(
      ExecutableElement m,
      ExecutableType mt,
      String where,
      TemplateResolver resolver,
      TypeAnalyzer analyzer,
      Site typeSystem,
      String chain,
      OptionsModel options,
      int rounds,
      List<ToolSource> tools) {
    Map<String, TypeMirror> parameters = new LinkedHashMap<>();
    Set<String> imageNames = new HashSet<>();
    List<MethodModel.ImageParam> images = new ArrayList<>();
    for (int i = 0; i < m.getParameters().size(); i++) {
      String name = m.getParameters().get(i).getSimpleName().toString();
      TypeMirror t = mt.getParameterTypes().get(i);
      parameters.put(name, t);
      if (isImage(t)) {
        images.add(new MethodModel.ImageParam(name, false));
        imageNames.add(name);
      } else if (isImageList(t)) {
        images.add(new MethodModel.ImageParam(name, true));
        imageNames.add(name);
      }
    }
    boolean ok = true;
    Set<String> used = new HashSet<>();
    Site system =
        Annotations.find(m, Annotations.SYSTEM_PROMPT).map(a -> new Site(m, a)).orElse(typeSystem);
    ResolvedTemplate systemRendered = null;
    if (system != null) {
      systemRendered = render(m, resolver, system, where, parameters, imageNames, used);
      ok &= systemRendered != null;
    }
    Optional<AnnotationMirror> prompt = Annotations.find(m, Annotations.PROMPT);
    ResolvedTemplate user = null;
    if (prompt.isPresent()) {
      user = render(m, resolver, new Site(m, prompt.get()), where, parameters, imageNames, used);
      ok &= user != null;
    } else {
      List<String> texts = new ArrayList<>();
      // parameters the system prompt uses are not candidates for the message
      for (Map.Entry<String, TypeMirror> p : parameters.entrySet()) {
        if (!imageNames.contains(p.getKey()) && !used.contains(p.getKey())) {
          texts.add(p.getKey());
        }
      }
      if (texts.size() == 1 && isString(parameters.get(texts.get(0)))) {
        user = new ResolvedTemplate(List.of(new ResolvedTemplate.Value(texts.get(0), List.of())));
        used.add(texts.get(0));
      } else {
        context.reporter().report(Diagnostic.MISSING_PROMPT, m, where, describe(texts, parameters));
        ok = false;
      }
    }
    if (ok && prompt.isPresent()) {
      for (VariableElement p : m.getParameters()) {
        String name = p.getSimpleName().toString();
        if (!used.contains(name) && !imageNames.contains(name)) {
          context.reporter().report(Diagnostic.UNUSED_PARAMETER, p, name, where, name);
        }
      }
    }
    ReturnModel returns = returns(m, mt.getReturnType(), where, analyzer);
    if (!ok || returns == null) {
      return null;
    }
    List<TypeMirror> parameterTypes = new ArrayList<>(mt.getParameterTypes());
    return new MethodModel(
        m, parameterTypes, chain, options, rounds, systemRendered, user, images, returns, tools);
  }

  private ResolvedTemplate render(
      ExecutableElement method,
      TemplateResolver resolver,
      Site site,
      String where,
      Map<String, TypeMirror> parameters,
      Set<String> images,
      Set<String> used) {
    String text = annotations.string(site.annotation(), "value");
    TemplateResolver.Source source =
        new TemplateResolver.Source(
            site.element(), site.annotation(), Annotations.explicit(site.annotation(), "value"));
    return resolver.resolve(text, source, where, parameters, images, used, method.getThrownTypes());
  }

  private static String describe(List<String> texts, Map<String, TypeMirror> parameters) {
    if (texts.isEmpty()) {
      return "no text parameter";
    }
    List<String> out = new ArrayList<>();
    for (String name : texts) {
      out.add(simpleTypeName(parameters.get(name)) + " " + name);
    }
    return (texts.size() == 1 ? "parameter " : texts.size() + " parameters: ")
        + String.join(", ", out);
  }

  private static String simpleTypeName(TypeMirror t) {
    String s = t.toString();
    return s.startsWith("java.lang.") && s.indexOf('.', 10) < 0 ? s.substring(10) : s;
  }

  // ---------------------------------------------------------------- return types

  private ReturnModel returns(
      ExecutableElement m, TypeMirror type, String where, TypeAnalyzer analyzer) {
    try {
      String name = qualifiedName(type);
      if ("java.util.concurrent.CompletableFuture".equals(name)) {
        TypeMirror arg = typeArgument(type, "CompletableFuture");
        return replyOrValue(m, arg, true, analyzer);
      }
      if ("java.util.stream.Stream".equals(name)) {
        TypeMirror arg = typeArgument(type, "Stream");
        if (!isString(arg)) {
          throw new TypeAnalyzer.Unsupported(
              Diagnostic.UNSUPPORTED_RETURN_TYPE,
              type.toString(),
              "a stream streams text: use Stream<String>");
        }
        return new ReturnModel(ReturnModel.Kind.STREAM_TEXT, false, false, null, null, null, null);
      }
      if ("dev.majordomo.llm.ResponseStream".equals(name)) {
        return new ReturnModel(
            ReturnModel.Kind.STREAM_EVENTS, false, false, null, null, null, null);
      }
      return replyOrValue(m, type, false, analyzer);
    } catch (TypeAnalyzer.Unsupported e) {
      if (e.diagnostic == Diagnostic.NOT_CONSTRUCTIBLE) {
        context
            .reporter()
            .report(
                Diagnostic.NOT_CONSTRUCTIBLE,
                m,
                e.typeText,
                "the return type of " + where,
                e.getMessage());
      } else {
        context
            .reporter()
            .report(Diagnostic.UNSUPPORTED_RETURN_TYPE, m, type, where, e.getMessage());
      }
      return null;
    }
  }

  private ReturnModel replyOrValue(
      ExecutableElement m, TypeMirror type, boolean async, TypeAnalyzer analyzer)
      throws TypeAnalyzer.Unsupported {
    if ("dev.majordomo.Reply".equals(qualifiedName(type))) {
      return value(m, typeArgument(type, "Reply"), true, async, analyzer);
    }
    return value(m, type, false, async, analyzer);
  }

  private ReturnModel value(
      ExecutableElement m, TypeMirror type, boolean reply, boolean async, TypeAnalyzer analyzer)
      throws TypeAnalyzer.Unsupported {
    if (type.getKind() == TypeKind.VOID) {
      throw new TypeAnalyzer.Unsupported(
          Diagnostic.UNSUPPORTED_RETURN_TYPE,
          "void",
          "an assistant method returns the model's answer; use String");
    }
    if (isString(type)) {
      return new ReturnModel(ReturnModel.Kind.TEXT, reply, async, type, null, null, null);
    }
    String name = qualifiedName(type);
    if (name != null
        && Set.of(
                "java.util.concurrent.CompletableFuture",
                "java.util.stream.Stream",
                "dev.majordomo.llm.ResponseStream",
                "dev.majordomo.Reply")
            .contains(name)) {
      throw new TypeAnalyzer.Unsupported(
          Diagnostic.UNSUPPORTED_RETURN_TYPE,
          type.toString(),
          name.substring(name.lastIndexOf('.') + 1) + " cannot be nested here");
    }
    Shape shape = analyzer.analyze(type, true);
    String schemaName =
        shape instanceof Shape.ObjectRef ref ? ref.key() : m.getSimpleName().toString();
    String json = new SchemaWriter(analyzer.objects(), SchemaWriter.Mode.STRICT).output(shape);
    return new ReturnModel(
        ReturnModel.Kind.STRUCTURED, reply, async, type, shape, schemaName(schemaName), json);
  }

  private static String schemaName(String name) {
    String s = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private static TypeMirror typeArgument(TypeMirror type, String what)
      throws TypeAnalyzer.Unsupported {
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    if (args.isEmpty()) {
      throw new TypeAnalyzer.Unsupported(
          Diagnostic.UNSUPPORTED_RETURN_TYPE, type.toString(), "raw " + what + "; give its type");
    }
    TypeMirror arg = args.get(0);
    if (arg.getKind() == TypeKind.WILDCARD) {
      throw new TypeAnalyzer.Unsupported(
          Diagnostic.UNSUPPORTED_RETURN_TYPE,
          type.toString(),
          "wildcard types have no fixed JSON form; use a concrete type");
    }
    return arg;
  }

  // ---------------------------------------------------------------- chains

  /** The chain on {@code llm} ("" when unset), or null after reporting a syntax error. */
  private String chain(Element element, AnnotationMirror llm) {
    if (llm == null) {
      return "";
    }
    String chain = annotations.string(llm, "chain");
    if (chain.isEmpty()) {
      return "";
    }
    try {
      ChainGrammar.parse(chain);
      return chain;
    } catch (GrammarException e) {
      context
          .reporter()
          .report(
              Diagnostic.CHAIN_SYNTAX,
              element,
              llm,
              Annotations.explicit(llm, "chain"),
              chain,
              e.index(),
              e.problem(),
              caret(chain, e.index()));
      return null;
    }
  }

  private static String caret(String chain, int index) {
    return "  " + chain + "\n  " + " ".repeat(Math.max(0, index)) + "^";
  }

  // ---------------------------------------------------------------- tools

  /** The tool sources of one assistant, each validated once, with where each was listed. */
  private final class Tools {
    private final ToolValidator validator;
    private final Map<String, Optional<ToolSource>> byClass = new LinkedHashMap<>();
    private final Map<ToolSource, Site> listedAt = new LinkedHashMap<>();
    private final Map<ToolSource, AnnotationValue> listedValue = new LinkedHashMap<>();

    Tools(ToolValidator validator) {
      this.validator = validator;
    }

    List<ToolSource> listed(Element element, AnnotationMirror llm) {
      List<ToolSource> out = new ArrayList<>();
      if (llm == null) {
        return out;
      }
      for (AnnotationValue value : annotations.array(llm, "tools")) {
        TypeMirror t = Annotations.typeOf(value);
        String key = t == null ? String.valueOf(value) : t.toString();
        Optional<ToolSource> source = byClass.get(key);
        if (source == null) {
          source = Optional.ofNullable(validator.toolClass(t, element, llm, value));
          byClass.put(key, source);
          source.ifPresent(s -> register(s, element, llm, value));
        }
        source.filter(s -> !out.contains(s)).ifPresent(out::add);
      }
      return out;
    }

    void register(ToolSource s, Element element, AnnotationMirror llm, AnnotationValue value) {
      listedAt.put(s, element == null ? null : new Site(element, llm));
      listedValue.put(s, value);
    }

    List<ToolSource> all() {
      return new ArrayList<>(listedAt.keySet());
    }

    void checkDuplicateNames(TypeElement assistant) {
      Map<String, ToolModel> seen = new LinkedHashMap<>();
      Map<String, ToolSource> seenSource = new LinkedHashMap<>();
      for (ToolSource s : listedAt.keySet()) {
        for (ToolModel t : s.tools()) {
          ToolModel first = seen.putIfAbsent(t.name(), t);
          if (first == null) {
            seenSource.put(t.name(), s);
            continue;
          }
          ToolSource firstSource = seenSource.get(t.name());
          Site site = listedAt.get(s);
          Object[] args = {
            assistant.getSimpleName(), t.name(), describe(firstSource, first), describe(s, t)
          };
          if (firstSource == s || site == null) {
            context.reporter().report(Diagnostic.DUPLICATE_TOOL_NAME, t.element(), args);
          } else {
            context
                .reporter()
                .report(
                    Diagnostic.DUPLICATE_TOOL_NAME,
                    site.element(),
                    site.annotation(),
                    listedValue.get(s),
                    args);
          }
        }
      }
    }

    private String describe(ToolSource s, ToolModel t) {
      return s.element().getSimpleName() + "." + t.element().getSimpleName() + "()";
    }
  }

  // ---------------------------------------------------------------- types the generated code names

  /**
   * Checks every type the generated class will name (in signatures, {@code new}, {@code .class},
   * casts): it must be accessible from the generated class's package, and not an auxiliary class (a
   * top-level type in a file named after another), which javac warns about in any other file.
   */
  private final class TypeUses {
    private final String packageName;
    private final TypeAnalyzer analyzer;

    TypeUses(String packageName, TypeAnalyzer analyzer) {
      this.packageName = packageName;
      this.analyzer = analyzer;
    }

    void check(TypeElement assistant, List<MethodModel> methods, List<ToolSource> sources) {
      // the generated class implements the interface: it is named too
      check(assistant.asType(), assistant, "The generated class");
      for (MethodModel m : methods) {
        ExecutableElement e = m.element();
        String where = e.getEnclosingElement().getSimpleName() + "." + e.getSimpleName() + "()";
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
                "Tool " + s.element().getSimpleName() + "." + t.element().getSimpleName() + "()");
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
        case ARRAY -> check(((javax.lang.model.type.ArrayType) type).getComponentType(), at, where);
        case WILDCARD -> {
          javax.lang.model.type.WildcardType w = (javax.lang.model.type.WildcardType) type;
          check(w.getExtendsBound(), at, where);
          check(w.getSuperBound(), at, where);
        }
        case DECLARED -> {
          DeclaredType d = (DeclaredType) type;
          TypeElement e = (TypeElement) d.asElement();
          String problem = analyzer.inaccessibility(e);
          if (problem != null) {
            context
                .reporter()
                .report(Diagnostic.INACCESSIBLE_TYPE, at, where, type, packageName, problem);
          }
          TypeElement top = e;
          while (top.getEnclosingElement() instanceof TypeElement outer) {
            top = outer;
          }
          String file = context.sources().auxiliaryFile(top);
          if (file != null) {
            context
                .reporter()
                .report(
                    Diagnostic.AUXILIARY_TYPE,
                    at,
                    where,
                    top.getQualifiedName(),
                    file,
                    top.getSimpleName());
          }
          for (TypeMirror arg : d.getTypeArguments()) {
            check(arg, at, where);
          }
        }
        default -> {}
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Whether a sealed interface lists the generated class (resolved or not yet) in permits. */
  private static boolean permitsGenerated(TypeElement type) {
    String generated = generatedSimpleName(type);
    for (TypeMirror t : type.getPermittedSubclasses()) {
      if (t instanceof DeclaredType d && d.asElement().getSimpleName().contentEquals(generated)) {
        return true;
      }
    }
    return false;
  }

  private static boolean enclosedInPrivate(TypeElement type) {
    for (Element e = type.getEnclosingElement(); e != null; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)
          || (e instanceof TypeElement t && t.getNestingKind() == NestingKind.LOCAL)) {
        return true;
      }
      if (e.getKind() == ElementKind.METHOD || e.getKind() == ElementKind.CONSTRUCTOR) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** {@code pkg.Outer.Inner} → {@code Majordomo_Outer_Inner}. */
  static String generatedSimpleName(TypeElement type) {
    List<String> nesting = new ArrayList<>();
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      nesting.add(0, t.getSimpleName().toString());
    }
    return GeneratedClassNames.simpleName(nesting);
  }

  private static String kindText(Element e) {
    return switch (e.getKind()) {
      case CLASS -> "a class";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + e.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String typeParameters(List<? extends TypeParameterElement> params) {
    return String.join(", ", params.stream().map(p -> p.getSimpleName().toString()).toList());
  }

  private static boolean isObjectMethod(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    int n = m.getParameters().size();
    return (n == 0 && (name.equals("toString") || name.equals("hashCode")))
        || (n == 1
            && name.equals("equals")
            && m.getParameters().get(0).asType().toString().equals("java.lang.Object"));
  }

  private static String qualifiedName(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
  }

  private static boolean isString(TypeMirror type) {
    return "java.lang.String".equals(qualifiedName(type));
  }

  private static boolean isImage(TypeMirror type) {
    return IMAGE.equals(qualifiedName(type));
  }

  private static boolean isImageList(TypeMirror type) {
    if (!"java.util.List".equals(qualifiedName(type))) {
      return false;
    }
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    return args.size() == 1 && isImage(args.get(0));
  }
}
