package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.majordomo.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradle and IntelliJ hand processors a wrapper of javac's {@link ProcessingEnvironment} (Gradle a
 * class holding it in a field, IntelliJ a {@link Proxy}); the checks that need javac's tree API
 * ({@code [AUXILIARY_TYPE]}, {@code [LOCAL_ASSISTANT]}) must still run there.
 */
class WrappedEnvironmentTest {
  private static final String HEADER = "package t;\n\nimport dev.majordomo.annotations.*;\n\n";

  @ParameterizedTest
  @ValueSource(strings = {"field", "proxy"})
  void anAuxiliaryTypeIsReportedUnderAWrappedEnvironment(String wrapping) {
    JavaFileObject file =
        source(
            "t.B",
            HEADER
                + """
                class B {}

                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """);
    Compilation c = compile(wrapping, file);
    assertThat(c).hadErrorContaining("[AUXILIARY_TYPE]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"field", "proxy"})
  void aLocalAssistantIsReportedUnderAWrappedEnvironment(String wrapping) {
    JavaFileObject file =
        source(
            "t.Outer",
            HEADER
                + """
                class Outer {
                  void run() {
                    @Llm(chain = "fast")
                    interface A {
                      String ask(String question);
                    }
                  }
                }
                """);
    Compilation c = compile(wrapping, file);
    assertThat(c).hadErrorContaining("[LOCAL_ASSISTANT]");
  }

  @org.junit.jupiter.api.Test
  void anAuxiliaryTypeIsReportedUnderProcOnly() {
    // docs/compile-errors.md says this check also runs under -proc:only
    JavaFileObject file =
        source(
            "t.B",
            HEADER
                + """
                class B {}

                @Llm(chain = "fast")
                interface A {
                  String ask(String question);
                }
                """);
    Compilation c =
        Compilations.compile(new MajordomoProcessor(), List.of("-Xlint:all", "-proc:only"), file);
    assertThat(c).hadErrorContaining("[AUXILIARY_TYPE]");
  }

  private static Compilation compile(String wrapping, JavaFileObject file) {
    Processor processor =
        wrapping.equals("field")
            ? new RecordingProcessor(new MajordomoProcessor())
            : new Wrapping(new MajordomoProcessor(), WrappedEnvironmentTest::proxy);
    return Compilations.compile(processor, List.of("-Xlint:all"), file);
  }

  /** IntelliJ's way: a dynamic proxy whose handler holds the real environment. */
  private static ProcessingEnvironment proxy(ProcessingEnvironment env) {
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            WrappedEnvironmentTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(env, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Hands {@code delegate} a wrapped environment. */
  private record Wrapping(Processor delegate, UnaryOperator<ProcessingEnvironment> wrap)
      implements Processor {
    @Override
    public void init(ProcessingEnvironment env) {
      delegate.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
