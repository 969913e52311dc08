package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.greet.Exploding;
import dev.majordomo.greet.Greeter;
import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link GeneratedAssistants} on classes the processor generated: the runtime's idea of the
 * generated name and constructor must match what the processor writes.
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
  void theRuntimesGeneratedNameIsTheClassTheProcessorWrote() throws Exception {
    for (Class<?> type :
        List.of(Greeter.class, Greeter.Polite.class, Exploding.class, Whisperer.class)) {
      Class<?> generated = Class.forName(GeneratedAssistants.generatedName(type));
      assertThat(generated).isAssignableTo(type);
      assertThat(generated.getDeclaredConstructor(AssistantRuntime.class)).isNotNull();
    }
  }

  /** A package-private assistant: its generated class is package-private too. */
  @Llm(chain = "fake/primary")
  interface Whisperer {
    @Prompt("Whisper to {{name}}.")
    String whisper(String name);
  }

  @Test
  void constructsAPackagePrivateGeneratedClass() {
    Whisperer whisperer =
        GeneratedAssistants.instantiate(Whisperer.class, runtime(Whisperer.class));

    assertThat(whisperer.getClass().getName())
        .isEqualTo("dev.majordomo.Majordomo_GeneratedAssistantsTest_Whisperer");
    assertThat(Modifier.isPublic(whisperer.getClass().getModifiers())).isFalse();
    assertThat(whisperer.whisper("Ada")).isEqualTo("echo: Whisper to Ada.");
  }

  @Test
  void constructsAPublicGeneratedClass() {
    Greeter greeter = GeneratedAssistants.instantiate(Greeter.class, runtime(Greeter.class));

    assertThat(greeter.getClass().getName()).isEqualTo("dev.majordomo.greet.Majordomo_Greeter");
    assertThat(Modifier.isPublic(greeter.getClass().getModifiers())).isTrue();
    assertThat(greeter.greet("Ada")).isEqualTo("echo: Greet Ada.");
    assertThat(requests.get(0).messages().get(0).text()).isEqualTo("You greet people.");
    assertThat(requests.get(0).options().temperature()).isEqualTo(0.0);
  }

  @Test
  void constructsANestedAssistantsClass() {
    Greeter.Polite polite =
        GeneratedAssistants.instantiate(Greeter.Polite.class, runtime(Greeter.Polite.class));

    assertThat(polite.getClass().getName())
        .isEqualTo("dev.majordomo.greet.Majordomo_Greeter_Polite");
    assertThat(polite.thank("Bo")).isEqualTo("echo: Thank Bo.");
  }

  @Test
  void aFailingGeneratedConstructorThrowsItsOwnError() {
    assertThatThrownBy(
            () -> GeneratedAssistants.instantiate(Exploding.class, runtime(Exploding.class)))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Tool class dev.majordomo.greet.Exploding$NoDefaultConstructor")
        .hasMessageContaining("has no public no-argument constructor");
  }
}
