package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.ChainResolutionException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MajordomoTest} as users write it: parameters and fields of one test share one world. */
@MajordomoTest
class MajordomoTestInjectionTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private FakeProvider fakeField;
  private FakeTimeSource clockField;
  private Registry registryField;
  private FakeProvider fakeSeenBeforeEach;

  @BeforeEach
  void setUp(FakeProvider fake) {
    fakeSeenBeforeEach = fake;
    fake.model("a").defaultReply("from setUp");
  }

  @Test
  void theRegistryPlaysTheInjectedFakeOnTheInjectedClock(
      FakeProvider fake, FakeTimeSource clock, Registry registry) {
    fake.model("a").reply("hi");

    assertThat(registry.chain("fake/a").call(HELLO).text()).isEqualTo("hi");
    assertThat(fake.lastRequest("a").userText()).isEqualTo("hello");
    assertThat(clock.now()).isEqualTo(FakeTimeSource.DEFAULT_START);
    assertThatThrownBy(() -> registry.chain("ollama/llama3.2").call(HELLO))
        .hasMessageContaining("no provider is registered for scheme 'ollama'");

    // The registry waits on the injected clock: the retry's backoff is a fake sleep.
    fake.model("down").fail(503).fail(503);
    assertThatThrownBy(() -> registry.chain("fake/down").call(HELLO))
        .isInstanceOf(ChainExhaustedException.class);
    assertThat(clock.sleeps()).hasSize(1);
    assertThat(clock.now()).isEqualTo(FakeTimeSource.DEFAULT_START.plus(clock.sleeps().get(0)));
  }

  @Test
  void fieldsBeforeEachAndParametersGetTheSameInstances(
      FakeProvider fake, FakeTimeSource clock, Registry registry) {
    assertThat(fakeField).isSameAs(fake).isSameAs(fakeSeenBeforeEach);
    assertThat(clockField).isSameAs(clock);
    assertThat(registryField).isSameAs(registry);
    assertThat(registry.chain("fake/a").call(HELLO).text()).isEqualTo("from setUp");
  }

  @Test
  void aDelayMovesTheFakeClockInsteadOfSleeping(FakeProvider fake, Registry registry) {
    fake.model("a").delay(java.time.Duration.ofMinutes(5)).reply("late");

    assertThat(registry.chain("fake/a").call(HELLO).text()).isEqualTo("late");
    assertThat(clockField.now()).isEqualTo(FakeTimeSource.DEFAULT_START.plusSeconds(300));
    assertThat(clockField.sleeps()).containsExactly(java.time.Duration.ofMinutes(5));
  }

  @Test
  void theMachinesEnvironmentDoesNotLeakIn(Registry registry) {
    // This module's pom sets LLM_FAST for the test JVM; the injected registry must not see it.
    assertThat(System.getenv("LLM_FAST")).isEqualTo("fake/leaked");

    assertThatThrownBy(() -> registry.chain("fast").call(HELLO))
        .isInstanceOf(ChainResolutionException.class)
        .hasMessageContaining("LLM_FAST is not set");
  }

  @Test
  void noRealProviderIsDiscovered(Registry registry) {
    assertThatThrownBy(() -> registry.chain("openai/gpt-4o-mini").call(HELLO))
        .hasMessageContaining("openai");
  }
}
