package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.greet.Stale;
import dev.majordomo.greet.Ungenerated;
import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The error paths of {@link GeneratedAssistants} that need no generated code. Generated classes
 * themselves are constructed in the tests module, which compiles its assistants with the processor.
 */
class GeneratedAssistantsTest {
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Model echo =
      new Model() {
        @Override
        public Response call(Request request) {
          requests.add(request);
          return Response.ofText(
              "echo: " + request.messages().get(request.messages().size() - 1).text());
        }

        @Override
        public ResponseStream stream(Request request) {
          throw new AssertionError("not used");
        }
      };

  private AssistantRuntime runtime(Class<?> type) {
    return new AssistantRuntime(type, chain -> echo, List.of(), null);
  }

  @Test
  void generatedNameReplacesNestingWithUnderscores() {
    assertThat(GeneratedAssistants.generatedName(Stale.class))
        .isEqualTo("dev.majordomo.greet.Majordomo_Stale");
    assertThat(GeneratedAssistants.generatedName(Map.Entry.class))
        .isEqualTo("java.util.Majordomo_Map_Entry");
  }

  /** A "$" inside a simple name is not nesting: the processor keeps it, and so must the lookup. */
  interface Price$Quote {}

  @Test
  void generatedNameKeepsADollarThatIsPartOfASimpleName() {
    assertThat(GeneratedAssistants.generatedName(Price$Quote.class))
        .isEqualTo("dev.majordomo.Majordomo_GeneratedAssistantsTest_Price$Quote");
  }

  @Test
  void aMissingGeneratedClassSaysHowToEnableTheProcessor() {
    assertThatThrownBy(
            () -> GeneratedAssistants.instantiate(Ungenerated.class, runtime(Ungenerated.class)))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("No generated implementation of dev.majordomo.greet.Ungenerated")
        .hasMessageContaining("class dev.majordomo.greet.Majordomo_Ungenerated not found")
        .hasMessageContaining("annotationProcessorPaths")
        .hasMessageContaining("majordomo-processor")
        .hasMessageContaining("Gradle: dependencies { annotationProcessor")
        .hasMessageContaining("@Llm")
        .hasCauseInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aClassThatDoesNotImplementTheInterfaceIsRejected() {
    assertThatThrownBy(() -> GeneratedAssistants.instantiate(Stale.class, runtime(Stale.class)))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Majordomo_Stale does not implement dev.majordomo.greet.Stale")
        .hasMessageContaining("rebuild");
  }

  @Test
  void aClassIsNotAnAssistant() {
    assertThatThrownBy(() -> GeneratedAssistants.instantiate(String.class, runtime(String.class)))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("java.lang.String is not an interface");
  }
}
