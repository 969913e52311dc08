package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The processor never crashes javac, and waits for types other processors generate. */
class ProcessorRobustnessTest {
  private static final String CODE =
      """
      package t;

      import dev.majordomo.annotations.*;

      @Llm(chain = "fast")
      interface A {
        String ask(String question);
      }
      """;

  @ParameterizedTest
  @ValueSource(strings = {"runtime", "assertion", "stack"})
  void anUnexpectedFailureIsAnErrorOnTheElementNotACrash(String kind) {
    MajordomoProcessor failing =
        new MajordomoProcessor(
            type -> {
              switch (kind) {
                case "runtime" -> throw new IllegalArgumentException("bad state");
                case "assertion" -> throw new AssertionError("bad state");
                default -> throw new StackOverflowError("bad state");
              }
            });
    JavaFileObject file = source("t.A", CODE);
    Compilation c = Compiler.javac().withProcessors(failing).compile(file);

    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    assertThat(c)
        .hadErrorContaining("[PROCESSOR_FAILURE] The Majordomo processor failed on t.A:")
        .inFile(file)
        .onLine(Compilations.line(CODE, "interface A"));
    assertThat(c).hadErrorContaining("bad state");
    assertThat(c).hadErrorContaining("please report it");
    assertThat(c.errors().get(0).getMessage(Locale.ROOT))
        .doesNotContain("threw an uncaught exception");
  }

  @Test
  void aFailureOnOneInterfaceDoesNotStopTheNext() {
    MajordomoProcessor failing =
        new MajordomoProcessor(
            type -> {
              if (type.getSimpleName().contentEquals("A")) {
                throw new IllegalStateException("only A");
              }
            });
    Compilation c =
        Compiler.javac()
            .withProcessors(failing)
            .compile(
                source("t.A", CODE),
                source(
                    "t.B",
                    """
                    package t;

                    import dev.majordomo.annotations.*;

                    @Llm(chain = "fast")
                    interface B {
                      String ask(String question);
                      String plan(int days);
                    }
                    """));
    assertThat(c).hadErrorContaining("failed on t.A");
    assertThat(c).hadErrorContaining("[MISSING_PROMPT] B.plan()");
  }

  @Test
  void anInterfaceWaitsForATypeAnotherProcessorGeneratesLater() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new GeneratesAnswer(), new MajordomoProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(
                source(
                    "t.A",
                    """
                    package t;

                    import dev.majordomo.annotations.*;

                    @Llm(chain = "fast")
                    public interface A {
                      Answer ask(String question);
                    }
                    """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(Compilations.generated(c, "t.Majordomo_A"))
        .contains("public Answer ask(String question)")
        .contains("decodeAnswer");
  }

  @Test
  void aTypeThatNeverAppearsIsLeftToJavac() {
    Compilation c =
        Compiler.javac()
            .withProcessors(new MajordomoProcessor())
            .compile(
                source(
                    "t.A",
                    """
                    package t;

                    import dev.majordomo.annotations.*;

                    @Llm(chain = "fast")
                    interface A {
                      Missing ask(String question);
                    }
                    """));
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("cannot find symbol");
    assertThat(c.errors())
        .noneMatch(d -> d.getMessage(Locale.ROOT).contains("[UNSUPPORTED_RETURN_TYPE]"));
  }

  /** Writes the record {@code t.Answer} in the first round, as another processor might. */
  private static final class GeneratesAnswer extends AbstractProcessor {
    private boolean done;

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
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("t.Answer").openWriter()) {
          w.write("package t;\npublic record Answer(String text, int confidence) {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
