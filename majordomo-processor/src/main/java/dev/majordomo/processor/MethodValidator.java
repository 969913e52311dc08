package dev.majordomo.processor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Checks one abstract method of an assistant and builds its {@link MethodModel}: its system prompt
 * and user message against its parameters, then what it returns.
 */
final class MethodValidator {
  private static final String JAVA_LANG = Object.class.getPackageName() + ".";

  private final Reporter reporter;
  private final Annotations annotations;
  private final TemplateResolver resolver;
  private final ReturnTypeValidator returnTypes;
  private final MemoryIdValidator memoryIds;
  private final Optional<AnnotationSite> interfaceSystemPrompt;

  /**
   * @param interfaceSystemPrompt the assistant interface's {@code @SystemPrompt}: the system prompt
   *     of every method without one of its own
   */
  MethodValidator(
      ProcessingContext context,
      TemplateResolver resolver,
      ReturnTypeValidator returnTypes,
      Optional<AnnotationSite> interfaceSystemPrompt) {
    this.reporter = context.reporter();
    this.annotations = context.annotations();
    this.resolver = resolver;
    this.returnTypes = returnTypes;
    this.memoryIds = new MemoryIdValidator(reporter);
    this.interfaceSystemPrompt = interfaceSystemPrompt;
  }

  /**
   * The model of {@code method}, which calls with {@code settings} and may use {@code tools}; empty
   * after reporting at least one error.
   */
  Optional<MethodModel> validate(
      AssistantMethod method, LlmSettings settings, List<ToolSource> tools) {
    ExecutableElement m = method.element();
    Map<String, TypeMirror> parameters = new LinkedHashMap<>();
    List<MethodModel.ImageParam> images = new ArrayList<>();
    for (int i = 0; i < m.getParameters().size(); i++) {
      String name = m.getParameters().get(i).getSimpleName().toString();
      TypeMirror type = method.type().getParameterTypes().get(i);
      parameters.put(name, type);
      if (TypeNames.isImage(type)) {
        images.add(new MethodModel.ImageParam(name, false));
      } else if (TypeNames.isImageList(type)) {
        images.add(new MethodModel.ImageParam(name, true));
      }
    }
    Set<String> imageNames = new HashSet<>();
    images.forEach(i -> imageNames.add(i.name()));
    TemplateResolver.Scope scope =
        new TemplateResolver.Scope(method.where(), parameters, imageNames, m.getThrownTypes());
    Set<String> used = new HashSet<>();

    MemoryIdValidator.Found memoryId = memoryIds.find(method);
    boolean ok = memoryId.ok();
    Optional<AnnotationSite> systemSite =
        Annotations.find(m, Annotations.SYSTEM_PROMPT)
            .map(a -> new AnnotationSite(m, a))
            .or(() -> interfaceSystemPrompt);
    Optional<ResolvedTemplate> system = Optional.empty();
    if (systemSite.isPresent()) {
      system = resolve(systemSite.get(), scope, used);
      ok &= system.isPresent();
    }
    Optional<AnnotationMirror> prompt = Annotations.find(m, Annotations.PROMPT);
    Optional<ResolvedTemplate> user =
        prompt.isPresent()
            ? resolve(new AnnotationSite(m, prompt.get()), scope, used)
            : implicitPrompt(method, scope, used, memoryId.name());
    ok &= user.isPresent();
    if (ok && prompt.isPresent()) {
      reportUnusedParameters(method, imageNames, used, memoryId.name());
    }
    Optional<ReturnModel> returns =
        returnTypes.validate(m, method.type().getReturnType(), method.where());
    ok &= returns.isEmpty() || memoryIds.checkReturn(method, memoryId, returns.get());
    if (!ok || returns.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new MethodModel(
            m,
            new ArrayList<>(method.type().getParameterTypes()),
            settings.chain(),
            settings.options(),
            settings.maxToolRounds(),
            system.orElse(null),
            user.get(),
            images,
            returns.get(),
            tools,
            memoryId.name(),
            settings.maxHistoryMessages(),
            settings.maxHistoryTokens(),
            settings.toolSources()));
  }

  private Optional<ResolvedTemplate> resolve(
      AnnotationSite site, TemplateResolver.Scope scope, Set<String> used) {
    String text = annotations.string(site.annotation(), "value");
    TemplateResolver.Source source =
        new TemplateResolver.Source(
            site.element(), site.annotation(), Annotations.explicit(site.annotation(), "value"));
    return resolver.resolve(text, source, scope, used);
  }

  /**
   * The user message of a method without {@code @Prompt}: its one String parameter that is neither
   * an image, nor used by the system prompt, nor the conversation id {@code memoryId} (null for
   * none); empty after reporting that there is no such parameter.
   */
  private Optional<ResolvedTemplate> implicitPrompt(
      AssistantMethod method, TemplateResolver.Scope scope, Set<String> used, String memoryId) {
    List<String> texts = new ArrayList<>();
    for (String name : scope.parameters().keySet()) {
      if (!scope.images().contains(name) && !used.contains(name) && !name.equals(memoryId)) {
        texts.add(name);
      }
    }
    if (texts.size() == 1 && TypeNames.isString(scope.parameters().get(texts.get(0)))) {
      used.add(texts.get(0));
      return Optional.of(
          new ResolvedTemplate(List.of(new ResolvedTemplate.Value(texts.get(0), List.of()))));
    }
    reporter.report(
        Diagnostic.MISSING_PROMPT,
        method.element(),
        method.where(),
        describe(texts, scope.parameters()));
    return Optional.empty();
  }

  /** Warns of parameters the prompts leave out; the conversation id names the history instead. */
  private void reportUnusedParameters(
      AssistantMethod method, Set<String> imageNames, Set<String> used, String memoryId) {
    for (VariableElement p : method.element().getParameters()) {
      String name = p.getSimpleName().toString();
      if (!used.contains(name) && !imageNames.contains(name) && !name.equals(memoryId)) {
        reporter.report(Diagnostic.UNUSED_PARAMETER, p, name, method.where(), name);
      }
    }
  }

  /** The candidates for the user message, as {@link Diagnostic#MISSING_PROMPT} lists them. */
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

  /** {@code String} for {@code java.lang.String}; every other type as javac prints it. */
  private static String simpleTypeName(TypeMirror type) {
    String text = type.toString();
    return text.startsWith(JAVA_LANG) && text.indexOf('.', JAVA_LANG.length()) < 0
        ? text.substring(JAVA_LANG.length())
        : text;
  }
}
