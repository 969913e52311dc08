package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Runs {@link TypeAnalyzer} and {@link SchemaWriter} inside a compilation: the schema of the return
 * type of {@code t.Probe#value()} (structured output), and of the parameters of {@code
 * t.Probe#tool(...)} (tool arguments).
 */
final class SchemaProbe extends AbstractProcessor {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private String output;
  private String arguments;
  private String failure;

  /** The output schema of {@code value()}, parsed. */
  static JsonNode output(String declarations) {
    return run(declarations).parse(true);
  }

  /** The argument schema of {@code tool(...)}, parsed. */
  static JsonNode arguments(String declarations) {
    return run(declarations).parse(false);
  }

  /** Why the analyzer refused {@code value()}'s type. */
  static String failure(String declarations) {
    SchemaProbe probe = run(declarations);
    if (probe.failure == null) {
      throw new AssertionError("expected a failure, got " + probe.output);
    }
    return probe.failure;
  }

  private static SchemaProbe run(String declarations) {
    SchemaProbe probe = new SchemaProbe();
    Compilation c =
        Compiler.javac()
            .withProcessors(probe)
            .compile(
                Compilations.source(
                    "t.Probe",
                    "package t;\nimport java.util.*;\nimport java.time.*;\n"
                        + "import dev.majordomo.annotations.*;\n"
                        + "interface Probe {\n"
                        + declarations
                        + "\n}\n"));
    assertThat(c).succeeded();
    return probe;
  }

  private JsonNode parse(boolean out) {
    String json = out ? output : arguments;
    if (json == null) {
      throw new AssertionError("no schema; failure: " + failure);
    }
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
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
    if (probe == null || output != null || arguments != null || failure != null) {
      return false;
    }
    TypeAnalyzer analyzer =
        new TypeAnalyzer(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), "t");
    for (ExecutableElement m : ElementFilter.methodsIn(probe.getEnclosedElements())) {
      try {
        if (m.getSimpleName().contentEquals("value")) {
          Shape shape = analyzer.analyze(m.getReturnType(), true);
          output = new SchemaWriter(analyzer.objects(), SchemaWriter.Mode.STRICT).output(shape);
        } else if (m.getSimpleName().contentEquals("tool")) {
          List<SchemaWriter.Field> fields = new ArrayList<>();
          for (VariableElement p : m.getParameters()) {
            fields.add(
                new SchemaWriter.Field(
                    p.getSimpleName().toString(), analyzer.analyze(p.asType(), true), null));
          }
          arguments =
              new SchemaWriter(analyzer.objects(), SchemaWriter.Mode.TOOL).arguments(fields);
        }
      } catch (TypeAnalyzer.Unsupported e) {
        failure = e.diagnostic + ": " + e.typeText + ": " + e.getMessage();
      }
    }
    return false;
  }
}
