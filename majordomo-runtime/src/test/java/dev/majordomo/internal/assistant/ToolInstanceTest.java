package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.MajordomoException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolInstanceTest {
  interface Agent {}

  static class WeatherTools {}

  static class LocalWeather extends WeatherTools {}

  static class Clock {
    Clock(String zone) {}
  }

  private static AssistantRuntime runtime(Object... tools) {
    return new AssistantRuntime(
        Agent.class,
        c -> {
          throw new AssertionError("no calls");
        },
        List.of(tools),
        null);
  }

  @Test
  void aGivenInstanceWinsOverTheConstructor() {
    WeatherTools mine = new WeatherTools();

    assertThat(
            runtime(mine)
                .toolInstance(
                    WeatherTools.class,
                    () -> {
                      throw new AssertionError("must not construct");
                    }))
        .isSameAs(mine);
  }

  @Test
  void aSubclassInstanceServesItsSuperclass() {
    LocalWeather local = new LocalWeather();

    assertThat(runtime(local).toolInstance(WeatherTools.class, WeatherTools::new)).isSameAs(local);
  }

  @Test
  void twoCandidatesAreAnError() {
    assertThatThrownBy(
            () ->
                runtime(new LocalWeather(), new LocalWeather() {})
                    .toolInstance(WeatherTools.class, WeatherTools::new))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("2 tool instances given to the builder are a")
        .hasMessageContaining(WeatherTools.class.getName());
  }

  @Test
  void theConstructorRunsOncePerAssistant() {
    AtomicInteger made = new AtomicInteger();
    AssistantRuntime runtime = runtime();

    WeatherTools first =
        runtime.toolInstance(
            WeatherTools.class,
            () -> {
              made.incrementAndGet();
              return new WeatherTools();
            });
    WeatherTools second = runtime.toolInstance(WeatherTools.class, WeatherTools::new);

    assertThat(second).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void noConstructorAndNoInstanceSaysHowToPassOne() {
    assertThatThrownBy(() -> runtime().toolInstance(Clock.class, null))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Tool class " + Clock.class.getName())
        .hasMessageContaining("has no public no-argument constructor")
        .hasMessageContaining("Assistants.builder(Agent.class).tools(new Clock(...)).build()");
  }

  @Test
  void aFailingConstructorIsWrapped() {
    assertThatThrownBy(
            () ->
                runtime()
                    .toolInstance(
                        WeatherTools.class,
                        () -> {
                          throw new IllegalStateException("no config");
                        }))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Could not create tool class")
        .hasMessageContaining("no config")
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
