package dev.majordomo.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs one piece of the processor inside a compilation of {@code t.Probe}, with a {@link
 * ProcessingContext} whose reporter prints to the compiler: what it reports shows up in the {@link
 * Compilation}'s diagnostics.
 */
final class ContextProbe extends AbstractProcessor {
  /** The piece under test. */
  interface Check {
    void run(ProcessingContext context, TypeElement probe);
  }

  private final Check check;
  private boolean ran;

  private ContextProbe(Check check) {
    this.check = check;
  }

  /** Compiles {@code code}, the source of {@code t.Probe}, and runs {@code check} once on it. */
  static Compilation run(String code, Check check) {
    ContextProbe probe = new ContextProbe(check);
    Compilation c =
        Compiler.javac().withProcessors(probe).compile(Compilations.source("t.Probe", code));
    if (!probe.ran) {
      throw new AssertionError("t.Probe was not compiled: " + c.diagnostics());
    }
    return c;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    TypeElement probe = processingEnv.getElementUtils().getTypeElement("t.Probe");
    if (probe == null || ran) {
      return false;
    }
    ran = true;
    check.run(
        new ProcessingContext(
            processingEnv.getElementUtils(),
            processingEnv.getTypeUtils(),
            new Reporter(processingEnv.getMessager())),
        probe);
    return false;
  }
}
