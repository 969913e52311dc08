package dev.majordomo.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Generates {@code Majordomo_X} for every interface {@code X} that carries {@code @Llm} (on the
 * type or on a method), after checking everything that can be checked at compile time. Isolating
 * for Gradle: each generated file comes from exactly one interface.
 *
 * <p>The processor never throws: an unexpected failure becomes a compile error on the element it
 * was working on.
 */
@AutoService(Processor.class)
public final class MajordomoProcessor extends AbstractProcessor {
  /** {@code -Amajordomo.index=false} leaves out the index of generated assistants. */
  static final String INDEX_OPTION = "majordomo.index";

  private final Consumer<TypeElement> beforeEach;
  private final Set<String> done = new LinkedHashSet<>();
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Generated class name → the interface it was generated for, across rounds. */
  private final Map<String, String> generated = new HashMap<>();

  private SourceFiles sources = SourceFiles.none();

  private AssistantIndexWriter index;

  /** Creates the processor; the compiler finds it through its service entry. */
  public MajordomoProcessor() {
    this(type -> {});
  }

  /** For tests: {@code beforeEach} runs before each interface is processed. */
  MajordomoProcessor(Consumer<TypeElement> beforeEach) {
    this.beforeEach = beforeEach;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    sources = SourceFiles.of(env);
    index = new AssistantIndexWriter(env.getElementUtils());
    SourceFiles.reportLocalAssistants(env);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // Claiming every Majordomo annotation, and @Generated on the code we write, keeps
    // -Xlint:processing quiet in users' builds.
    return Set.of(
        AssistantWriter.GENERATED_ANNOTATION,
        Annotations.LLM,
        Annotations.SYSTEM_PROMPT,
        Annotations.PROMPT,
        Annotations.TOOL,
        Annotations.DESCRIPTION,
        Annotations.OPTIONS,
        Annotations.MEMORY_ID);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(INDEX_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    ProcessingContext context =
        new ProcessingContext(
            processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter, sources);
    AssistantValidator validator = new AssistantValidator(context);
    AssistantWriter writer =
        new AssistantWriter(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
    List<TypeElement> todo = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        todo.add(type);
      }
    }
    deferred.clear();
    List<TypeElement> assistants = assistants(round, validator, reporter);
    todo.addAll(assistants);
    new MissingLlm(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter)
        .check(round, assistants);
    new MemoryIdPlacement(processingEnv.getElementUtils(), reporter).check(round);
    for (TypeElement type : todo) {
      String name = type.getQualifiedName().toString();
      if (done.contains(name)) {
        continue;
      }
      int errors = reporter.errors();
      try {
        index.processed(type);
        if (ErrorTypes.mentions(type, processingEnv.getElementUtils())) {
          // A type another processor may still generate: try again next round. In the last round
          // javac reports the missing symbol itself, so there is nothing to add.
          if (!round.processingOver()) {
            deferred.add(name);
          }
          continue;
        }
        done.add(name);
        beforeEach.accept(type);
        Optional<AssistantModel> validated = validator.validate(type);
        if (validated.isPresent()) {
          AssistantModel model = validated.get();
          // generated in memory first: an earlier output among the sources is compared with it
          JavaFile file = writer.write(model);
          String text = Layout.text(file);
          if (claim(model, text, reporter)) {
            write(file, text);
          }
          if (reporter.errors() == errors) {
            index.generated(model);
          }
        }
      } catch (FilerException e) {
        // a clash claim() could not see, e.g. a class another processor generated
        reporter.report(
            Diagnostic.GENERATED_NAME_CLASH,
            type,
            type.getQualifiedName(),
            AssistantValidator.generatedSimpleName(type),
            "the compiler refused to create it (" + e.getMessage() + ")");
      } catch (IOException e) {
        reporter.report(Diagnostic.PROCESSOR_FAILURE, type, type.getQualifiedName(), text(e));
      } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
        reporter.report(Diagnostic.PROCESSOR_FAILURE, type, type.getQualifiedName(), text(e));
      }
    }
    if (round.processingOver()) {
      writeIndex(reporter);
    }
    return true;
  }

  /** Writes the index of generated assistants, unless the build turned it off. */
  private void writeIndex(Reporter reporter) {
    String option = processingEnv.getOptions().get(INDEX_OPTION);
    if (option != null && !option.equalsIgnoreCase("true")) {
      if (!option.equalsIgnoreCase("false")) {
        reporter.report(Diagnostic.INVALID_INDEX_OPTION, index.anyGenerated(), option);
      }
      return;
    }
    try {
      index.write(processingEnv.getFiler());
    } catch (IOException | RuntimeException e) {
      reporter.report(
          Diagnostic.INDEX_NOT_WRITTEN, index.anyGenerated(), AssistantIndexWriter.PATH, e);
    }
  }

  /** Writes {@code text}, the source of {@code file}, as {@link JavaFile#writeTo} would. */
  private void write(JavaFile file, String text) throws IOException {
    String name =
        file.packageName().isEmpty()
            ? file.typeSpec().name()
            : file.packageName() + "." + file.typeSpec().name();
    JavaFileObject out =
        processingEnv
            .getFiler()
            .createSourceFile(name, file.typeSpec().originatingElements().toArray(Element[]::new));
    try (Writer writer = out.openWriter()) {
      writer.write(text);
    } catch (IOException e) {
      out.delete();
      throw e;
    }
  }

  /**
   * Reserves the generated class name for {@code model}; false after reporting a clash with the
   * class generated for another interface ({@code Outer.A} and a top-level {@code Outer_A} both map
   * to {@code Majordomo_Outer_A}) or with a class of the user's sources; false without a report
   * when the sources already hold exactly {@code text}, this processor's output for it.
   */
  private boolean claim(AssistantModel model, String text, Reporter reporter) {
    TypeElement type = model.element();
    String qualified =
        model.packageName().isEmpty()
            ? model.simpleName()
            : model.packageName() + "." + model.simpleName();
    String owner = type.getQualifiedName().toString();
    String other = generated.putIfAbsent(qualified, owner);
    if (other != null && !other.equals(owner)) {
      reporter.report(
          Diagnostic.GENERATED_NAME_CLASH,
          type,
          owner,
          model.simpleName(),
          "that is also the name of the class generated for " + other);
      return false;
    }
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualified);
    // A class file of that name is most likely what an earlier build generated: the Filer
    // replaces it. A source file is the user's own class, or an earlier output that a build
    // passed back in as a source (generated-sources among the source roots, an IDE). The Filer
    // cannot write that one
    // again, so it is compiled instead of the new output: it may do so only when it is exactly
    // what would be written now; an old one would ship old prompts without a word.
    if (existing == null || other != null || !sources.inSources(existing)) {
      return true;
    }
    if (!isOurOutput(existing)) {
      reporter.report(
          Diagnostic.GENERATED_NAME_CLASH,
          type,
          owner,
          model.simpleName(),
          "a class of that name is already declared in the sources");
      return false;
    }
    String earlier = sources.text(existing);
    if (earlier != null && normalize(earlier).equals(normalize(text))) {
      return false;
    }
    reporter.report(Diagnostic.STALE_GENERATED_SOURCE, type, qualified, owner);
    return false;
  }

  private static boolean isOurOutput(TypeElement type) {
    return Annotations.find(type, AssistantWriter.GENERATED_ANNOTATION)
        .map(a -> a.getElementValues().values().toString().contains(AssistantWriter.PROCESSOR))
        .orElse(false);
  }

  /** Line ends as the Filer writes them: a checkout may have turned them into CRLF. */
  private static String normalize(String text) {
    return text.replace("\r\n", "\n");
  }

  /** The interfaces to generate, and errors for {@code @Llm} methods outside interfaces. */
  private List<TypeElement> assistants(
      RoundEnvironment round, AssistantValidator validator, Reporter reporter) {
    Set<TypeElement> out = new LinkedHashSet<>();
    TypeElement llm = processingEnv.getElementUtils().getTypeElement(Annotations.LLM);
    if (llm == null) {
      return List.of();
    }
    for (Element e : round.getElementsAnnotatedWith(llm)) {
      try {
        if (e instanceof TypeElement t) {
          out.add(t);
        } else if (e.getKind() == ElementKind.METHOD) {
          Element owner = e.getEnclosingElement();
          if (owner.getKind() == ElementKind.INTERFACE) {
            out.add((TypeElement) owner);
          } else if (Annotations.find(owner, Annotations.LLM).isEmpty()) {
            validator.rejectMethodOutsideInterface((ExecutableElement) e);
          }
        }
      } catch (RuntimeException ex) {
        reporter.report(Diagnostic.PROCESSOR_FAILURE, e, e.getSimpleName(), text(ex));
      }
    }
    return new ArrayList<>(out);
  }

  /** The exception and the top of its stack, enough for a bug report. */
  private static String text(Throwable e) {
    StringBuilder s = new StringBuilder(e.toString());
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 0; i < Math.min(trace.length, 5); i++) {
      s.append("\n\tat ").append(trace[i]);
    }
    return s.toString();
  }
}
