package dev.majordomo.processor;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reports {@code @Prompt}, {@code @SystemPrompt} and {@code @Options} where no assistant reads them
 * ({@link Diagnostic#MISSING_LLM}): without it, an interface whose {@code @Llm} was forgotten
 * compiles silently and fails only when {@code Assistants.create} runs. {@code @Tool} and
 * {@code @Description} are left alone: tool classes and records carry them without being
 * assistants.
 *
 * <p>A superinterface of an assistant legitimately carries them (the assistant inherits its
 * methods, annotations included), so an interface that an assistant of this round extends, directly
 * or not, is accepted. One compiled separately from every assistant that extends it is not: its
 * assistants can redeclare the methods with the annotations (documented in {@code
 * docs/compile-errors.md}).
 */
final class MissingLlm {
  private static final List<String> ASSISTANT_ONLY =
      List.of(
          Annotations.PROMPT,
          Annotations.SYSTEM_PROMPT,
          Annotations.OPTIONS,
          Annotations.MEMORY_ID);

  private final Elements elements;
  private final Types types;
  private final Reporter reporter;

  MissingLlm(Elements elements, Types types, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
  }

  /** Checks every assistant-only annotation of the round; {@code assistants} are its assistants. */
  void check(RoundEnvironment round, List<TypeElement> assistants) {
    Set<String> covered = null;
    for (String name : ASSISTANT_ONLY) {
      TypeElement annotation = elements.getTypeElement(name);
      if (annotation == null) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        // Like the processor's main loop: never throw, report on the element instead.
        try {
          // a @MemoryId parameter stands for its method; MemoryIdPlacement reports the methods
          // that are never assistant methods
          Element site = e.getKind() == ElementKind.PARAMETER ? e.getEnclosingElement() : e;
          if (site instanceof ExecutableElement method
              && e != site
              && MemoryIdPlacement.misplacement(method) != null) {
            continue;
          }
          Element owner = site instanceof TypeElement ? site : site.getEnclosingElement();
          if (!(owner instanceof TypeElement type) || isAssistant(type)) {
            continue;
          }
          if (covered == null) {
            covered = supertypesOf(assistants);
          }
          if (type.getKind() == ElementKind.INTERFACE
              && covered.contains(type.getQualifiedName().toString())) {
            continue;
          }
          report(e, site, type, Annotations.find(e, name).orElse(null), annotation);
        } catch (RuntimeException ex) {
          reporter.report(Diagnostic.PROCESSOR_FAILURE, e, e.getSimpleName(), ex.toString());
        }
      }
    }
  }

  /** Reports {@code e}, which stands for {@code site} (itself, or the method of a parameter). */
  private void report(
      Element e, Element site, TypeElement type, AnnotationMirror mirror, TypeElement annotation) {
    // Local and anonymous classes never get here: javac does not show processors the
    // annotations inside method bodies and initializers.
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    String nested = nestedName(type);
    String where =
        site == type ? ElementText.kind(type) + " " + nested : ElementText.method(type, site);
    String reason =
        isInterface
            ? nested
                + " is not an assistant, because neither it nor any of its methods carries @Llm"
                + " (and no assistant in this compilation extends it)"
            : nested
                + " is "
                + ElementText.kindWithArticle(type)
                + ", and only interfaces are assistants";
    String fix =
        isInterface
            ? "the interface (or to the method)"
            : "an interface that declares the method instead";
    reporter.report(
        Diagnostic.MISSING_LLM, e, mirror, null, annotation.getSimpleName(), where, reason, fix);
  }

  /** Whether {@code type} or one of its own methods carries {@code @Llm}. */
  private static boolean isAssistant(TypeElement type) {
    if (Annotations.find(type, Annotations.LLM).isPresent()) {
      return true;
    }
    return ElementFilter.methodsIn(type.getEnclosedElements()).stream()
        .anyMatch(m -> Annotations.find(m, Annotations.LLM).isPresent());
  }

  /** The qualified names of every superinterface of {@code assistants}, transitively. */
  private Set<String> supertypesOf(List<TypeElement> assistants) {
    Set<String> out = new HashSet<>();
    Deque<TypeMirror> todo = new ArrayDeque<>();
    for (TypeElement a : assistants) {
      todo.add(a.asType());
    }
    while (!todo.isEmpty()) {
      for (TypeMirror s : types.directSupertypes(todo.pop())) {
        if (s.getKind() == TypeKind.DECLARED
            && ((DeclaredType) s).asElement() instanceof TypeElement t
            && out.add(t.getQualifiedName().toString())) {
          todo.add(s);
        }
      }
    }
    return out;
  }

  /** {@code Outer.Inner}: the name without its package, as messages name types. */
  private String nestedName(TypeElement type) {
    String qualified = type.getQualifiedName().toString();
    String pkg = elements.getPackageOf(type).getQualifiedName().toString();
    return pkg.isEmpty() || !qualified.startsWith(pkg + ".")
        ? qualified
        : qualified.substring(pkg.length() + 1);
  }
}
