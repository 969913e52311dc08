package dev.majordomo.processor;

import dev.majordomo.internal.grammar.ChainGrammar;
import dev.majordomo.internal.grammar.GeneratedClassNames;
import dev.majordomo.internal.grammar.GrammarException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks one assistant interface and builds its {@link AssistantModel}: the interface itself here,
 * each method with {@link MethodValidator}, the tools with {@link ToolCollector}, the types the
 * generated class names with {@link TypeReferenceValidator}. Every problem is reported through the
 * {@link Diagnostic} catalog; the generator only ever sees valid models.
 */
final class AssistantValidator {
  private final ProcessingContext context;
  private final Annotations annotations;
  private final OptionsReader options;
  private final ToolSourceNames toolSourceNames;

  AssistantValidator(ProcessingContext context) {
    this.context = context;
    this.annotations = context.annotations();
    this.options = new OptionsReader(context);
    this.toolSourceNames = new ToolSourceNames(context);
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
            ElementText.method(owner, method),
            "a method of " + ElementText.kindWithArticle(owner));
  }

  /** The model of {@code type}; empty after reporting at least one error. */
  Optional<AssistantModel> validate(TypeElement type) {
    int errorsBefore = context.reporter().errors();
    if (!isImplementable(type)) {
      return Optional.empty();
    }
    String packageName = context.elements().getPackageOf(type).getQualifiedName().toString();
    TypeAnalyzer analyzer = new TypeAnalyzer(context.elements(), context.types(), packageName);
    ToolValidator toolValidator = new ToolValidator(context, analyzer, packageName);
    MethodValidator methodValidator =
        new MethodValidator(
            context,
            new TemplateResolver(context, packageName),
            new ReturnTypeValidator(context.reporter(), analyzer),
            Annotations.find(type, Annotations.SYSTEM_PROMPT)
                .map(a -> new AnnotationSite(type, a)));
    DeclaredType declared = (DeclaredType) type.asType();

    Optional<AnnotationMirror> llm = Annotations.find(type, Annotations.LLM);
    Optional<LlmSettings> typeSettings =
        settings(type, llm, List.of(), type.getSimpleName().toString());
    List<String> typeSources = typeSettings.map(LlmSettings::toolSources).orElse(List.<String>of());
    boolean closeable = isAutoCloseable(type);
    boolean closes = false;
    ToolCollector tools = new ToolCollector(context, toolValidator);
    List<ToolSource> typeTools = tools.listed(type, llm);
    Optional<ToolSource> self =
        toolValidator.selfTools(type).filter(source -> !source.tools().isEmpty());
    self.ifPresent(tools::addSelf);

    ConversationMethods conversations =
        ConversationMethods.of(context.elements(), context.types(), type);
    List<ExecutableElement> conversationMethods = new ArrayList<>();
    boolean remembers = false;
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
      if (closeable && isClose(m)) {
        closes |= checkClose(type, m);
        continue;
      }
      if (conversations.contains(m)) {
        TypeMirror returns = conversations.returnType(m);
        if (context.types().isSameType(mt.getReturnType(), returns)) {
          conversationMethods.add(m);
        } else {
          context
              .reporter()
              .report(
                  Diagnostic.CONVERSATIONS_RETURN_TYPE,
                  m,
                  ElementText.method(m),
                  mt.getReturnType(),
                  returns,
                  returns);
        }
        continue;
      }
      remembers |=
          m.getParameters().stream()
              .anyMatch(p -> Annotations.find(p, Annotations.MEMORY_ID).isPresent());
      AssistantMethod method = new AssistantMethod(m, mt, ElementText.method(m));
      if (!isImplementable(method)) {
        continue;
      }
      Optional<AnnotationMirror> methodLlm = Annotations.find(m, Annotations.LLM);
      Optional<LlmSettings> methodSettings = settings(m, methodLlm, typeSources, method.where());
      List<ToolSource> methodTools = new ArrayList<>(typeTools);
      for (ToolSource s : tools.listed(m, methodLlm)) {
        if (!methodTools.contains(s)) {
          methodTools.add(s);
        }
      }
      self.ifPresent(methodTools::add);
      if (typeSettings.isEmpty() || methodSettings.isEmpty()) {
        continue;
      }
      LlmSettings settings = typeSettings.get().overriddenBy(methodSettings.get());
      if (settings.chain().isEmpty()) {
        context
            .reporter()
            .report(
                Diagnostic.NO_CHAIN,
                m,
                methodLlm.orElse(null),
                null,
                method.where(),
                type.getSimpleName());
        continue;
      }
      methodValidator.validate(method, settings, methodTools).ifPresent(methods::add);
    }
    tools.checkDuplicateNames(type);
    if (conversations.present() && !remembers) {
      context
          .reporter()
          .report(Diagnostic.CONVERSATIONS_WITHOUT_MEMORY_ID, type, type.getSimpleName());
    }
    if (context.reporter().errors() == errorsBefore) {
      new TypeReferenceValidator(context, packageName, analyzer).check(type, methods, tools.all());
    }
    if (context.reporter().errors() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new AssistantModel(
            type,
            declared,
            packageName,
            generatedSimpleName(type),
            isPublic(type),
            methods,
            conversationMethods,
            closes,
            tools.all(),
            analyzer.objects()));
  }

  /**
   * Whether a class can implement {@code type}: an accessible, non-generic interface that permits
   * the generated class if sealed. Reports why not.
   */
  private boolean isImplementable(TypeElement type) {
    if (type.getKind() != ElementKind.INTERFACE) {
      context
          .reporter()
          .report(
              Diagnostic.LLM_NOT_ON_INTERFACE,
              type,
              Annotations.find(type, Annotations.LLM).orElse(null),
              null,
              type.getSimpleName(),
              ElementText.kindWithArticle(type));
      return false;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)
        || type.getNestingKind() == NestingKind.LOCAL
        || enclosedInPrivate(type)) {
      context.reporter().report(Diagnostic.INACCESSIBLE_ASSISTANT, type, type.getQualifiedName());
      return false;
    }
    if (!type.getTypeParameters().isEmpty()) {
      context
          .reporter()
          .report(
              Diagnostic.GENERIC_ASSISTANT,
              type,
              type.getQualifiedName(),
              ElementText.typeParameters(type.getTypeParameters()));
      return false;
    }
    if (type.getModifiers().contains(Modifier.SEALED) && !permitsGenerated(type)) {
      String generated = generatedSimpleName(type);
      context
          .reporter()
          .report(Diagnostic.SEALED_ASSISTANT, type, type.getQualifiedName(), generated, generated);
      return false;
    }
    return true;
  }

  /**
   * Whether generated code can implement {@code method} by calling a model: not one that {@code
   * Object} already implements for every class, not a {@code @Tool}, not generic. Reports why not.
   */
  private boolean isImplementable(AssistantMethod method) {
    ExecutableElement m = method.element();
    if (m.getParameters().isEmpty()
        && (m.getSimpleName().contentEquals("finalize")
            || m.getSimpleName().contentEquals("clone"))) {
      context
          .reporter()
          .report(Diagnostic.OBJECT_METHOD_NAME, m, method.where(), m.getSimpleName());
      return false;
    }
    if (Annotations.find(m, Annotations.TOOL).isPresent()) {
      context.reporter().report(Diagnostic.TOOL_ON_ABSTRACT_METHOD, m, method.where());
      return false;
    }
    if (!m.getTypeParameters().isEmpty()) {
      context
          .reporter()
          .report(
              Diagnostic.GENERIC_METHOD,
              m,
              "Assistant method " + method.where(),
              ElementText.typeParameters(m.getTypeParameters()));
      return false;
    }
    return true;
  }

  /**
   * What {@code llm} and {@code @Options} set on {@code element}, every one checked (so that all
   * their errors are reported at once); empty after reporting an error.
   */
  private Optional<LlmSettings> settings(
      Element element,
      Optional<AnnotationMirror> llm,
      List<String> inheritedSources,
      String where) {
    Optional<String> chain = Optional.ofNullable(chain(element, llm.orElse(null)));
    Optional<List<String>> sources = toolSourceNames.read(element, llm, inheritedSources, where);
    Optional<OptionsModel> read = Optional.ofNullable(options.read(element));
    Optional<Integer> rounds = maxToolRounds(element, llm);
    int messages = options.historyLimit(element, llm.orElse(null), "maxHistoryMessages");
    int tokens = options.historyLimit(element, llm.orElse(null), "maxHistoryTokens");
    if (chain.isEmpty()
        || read.isEmpty()
        || rounds.isEmpty()
        || messages == Integer.MIN_VALUE
        || tokens == Integer.MIN_VALUE
        || sources.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new LlmSettings(chain.get(), read.get(), rounds.get(), messages, tokens, sources.get()));
  }

  /** {@code @Llm(maxToolRounds)}: -1 when inherited, else the value; empty after an error. */
  private Optional<Integer> maxToolRounds(Element element, Optional<AnnotationMirror> llm) {
    int rounds = options.maxToolRounds(element, llm.orElse(null));
    // OptionsReader's way of saying it reported an error
    return rounds == Integer.MIN_VALUE ? Optional.empty() : Optional.of(rounds);
  }

  // ---------------------------------------------------------------- close()

  /**
   * Whether {@code type} extends {@link AutoCloseable} (directly, or through {@code Closeable}).
   */
  private boolean isAutoCloseable(TypeElement type) {
    TypeElement closeable = context.elements().getTypeElement(AutoCloseable.class.getName());
    return closeable != null
        && context.types().isSubtype(context.types().erasure(type.asType()), closeable.asType());
  }

  /** Whether {@code m} is {@code close()}: an assistant that is AutoCloseable implements it. */
  private static boolean isClose(ExecutableElement m) {
    return m.getSimpleName().contentEquals("close") && m.getParameters().isEmpty();
  }

  /**
   * Whether the generated class may implement {@code close()}: the method must not look like one
   * that calls a model. Reports why not.
   */
  private boolean checkClose(TypeElement type, ExecutableElement close) {
    for (String annotation :
        List.of(
            Annotations.PROMPT,
            Annotations.LLM,
            Annotations.SYSTEM_PROMPT,
            Annotations.OPTIONS,
            Annotations.TOOL)) {
      Optional<AnnotationMirror> found = Annotations.find(close, annotation);
      if (found.isPresent()) {
        context
            .reporter()
            .report(
                Diagnostic.CLOSE_WITH_ANNOTATION,
                close,
                found.get(),
                null,
                type.getSimpleName(),
                annotation.substring(annotation.lastIndexOf('.') + 1));
        return false;
      }
    }
    return true;
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

  private static boolean isObjectMethod(ExecutableElement m) {
    String name = m.getSimpleName().toString();
    int n = m.getParameters().size();
    return (n == 0 && (name.equals("toString") || name.equals("hashCode")))
        || (n == 1
            && name.equals("equals")
            && m.getParameters().get(0).asType().toString().equals(Object.class.getName()));
  }
}
