package dev.majordomo.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.Test;

/** What each return type of an assistant method becomes, checked on its own. */
class ReturnTypeValidatorTest {
  private static final String HEADER =
      """
      package t;

      import dev.majordomo.Reply;
      import dev.majordomo.llm.ResponseStream;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      interface Probe {
        record Trip(String city, int days) {}
      """;

  /** The return model of every method of {@code Probe}, by method name; empty when refused. */
  private static Map<String, Optional<ReturnModel>> returns(
      String methods, Compilation[] compilation) {
    Map<String, Optional<ReturnModel>> out = new LinkedHashMap<>();
    compilation[0] =
        ContextProbe.run(
            HEADER + methods + "}\n",
            (context, probe) -> {
              ReturnTypeValidator validator =
                  new ReturnTypeValidator(
                      context.reporter(),
                      new TypeAnalyzer(context.elements(), context.types(), "t"));
              for (ExecutableElement m : ElementFilter.methodsIn(probe.getEnclosedElements())) {
                out.put(
                    m.getSimpleName().toString(),
                    validator.validate(m, m.getReturnType(), "Probe." + m.getSimpleName() + "()"));
              }
            });
    return out;
  }

  @Test
  void textStructuredAndStreamsWithTheirWrappers() {
    Compilation[] c = new Compilation[1];
    Map<String, Optional<ReturnModel>> r =
        returns(
            """
              String text();
              Reply<String> reply();
              CompletableFuture<Reply<Trip>> later();
              List<Trip> trips();
              Stream<String> stream();
              ResponseStream events();
            """,
            c);

    assertThat(c[0]).succeededWithoutWarnings();
    assertThat(r.get("text").orElseThrow())
        .extracting(ReturnModel::kind, ReturnModel::reply, ReturnModel::async)
        .containsExactly(ReturnModel.Kind.TEXT, false, false);
    assertThat(r.get("reply").orElseThrow())
        .extracting(ReturnModel::kind, ReturnModel::reply, ReturnModel::async)
        .containsExactly(ReturnModel.Kind.TEXT, true, false);
    ReturnModel later = r.get("later").orElseThrow();
    assertThat(later)
        .extracting(ReturnModel::kind, ReturnModel::reply, ReturnModel::async)
        .containsExactly(ReturnModel.Kind.STRUCTURED, true, true);
    assertThat(later.valueType().toString()).isEqualTo("t.Probe.Trip");
    assertThat(later.schemaName()).isEqualTo("Trip");
    assertThat(later.schemaJson()).contains("\"city\"").contains("\"days\"");
    // a value that is no object is named after the method
    assertThat(r.get("trips").orElseThrow().schemaName()).isEqualTo("trips");
    assertThat(r.get("stream").orElseThrow().kind()).isEqualTo(ReturnModel.Kind.STREAM_TEXT);
    assertThat(r.get("events").orElseThrow().kind()).isEqualTo(ReturnModel.Kind.STREAM_EVENTS);
  }

  @Test
  void wrappersNestedTheWrongWayAreRefusedWithTheReason() {
    Compilation[] c = new Compilation[1];
    Map<String, Optional<ReturnModel>> r =
        returns(
            """
              Reply<CompletableFuture<String>> inverted();
              Stream<Trip> objects();
              @SuppressWarnings("rawtypes") Reply raw();
              void nothing();
            """,
            c);

    assertThat(r.values()).allMatch(Optional::isEmpty);
    assertThat(c[0])
        .hadErrorContaining(
            "Unsupported return type"
                + " dev.majordomo.Reply<java.util.concurrent.CompletableFuture<java.lang.String>>"
                + " of Probe.inverted(): CompletableFuture cannot be nested here")
        .inFile(c[0].sourceFiles().get(0))
        .onLineContaining("inverted()");
    assertThat(c[0]).hadErrorContaining("a stream streams text: use Stream<String>");
    assertThat(c[0]).hadErrorContaining("raw Reply; give its type");
    assertThat(c[0]).hadErrorContaining("an assistant method returns the model's answer");
    assertThat(c[0]).hadErrorCount(4);
  }

  @Test
  void aTypeWithoutAConstructorIsReportedAsNotConstructible() {
    Compilation[] c = new Compilation[1];
    Map<String, Optional<ReturnModel>> r =
        returns(
            """
              abstract class Shapeless { }
              Shapeless shape();
            """,
            c);

    assertThat(r.get("shape")).isEmpty();
    assertThat(c[0]).hadErrorContaining("[NOT_CONSTRUCTIBLE]");
    assertThat(c[0]).hadErrorContaining("the return type of Probe.shape()");
  }

  @Test
  void schemaNamesKeepOnlyWhatProvidersAccept() {
    assertThat(ReturnTypeValidator.schemaName("Trip")).isEqualTo("Trip");
    assertThat(ReturnTypeValidator.schemaName("a.b$c d")).isEqualTo("a_b_c_d");
    assertThat(ReturnTypeValidator.schemaName("x".repeat(70))).hasSize(64);
  }
}
