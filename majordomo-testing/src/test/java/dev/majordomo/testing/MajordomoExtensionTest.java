package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.majordomo.Registry;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs small {@link MajordomoTest} classes (nested here, so that the build does not run them on
 * their own) through the JUnit engine, to check what one test shares with another and the failures
 * users see.
 */
class MajordomoExtensionTest {
  private static final Request HELLO = Request.of(Message.user("hello"));
  private static final Queue<Object> SEEN = new ConcurrentLinkedQueue<>();

  private static EngineExecutionResults run(Class<?> testClass, boolean parallel) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(testClass))
        .configurationParameter(
            "junit.jupiter.execution.parallel.enabled", String.valueOf(parallel))
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
        .execute();
  }

  @Test
  void everyTestGetsItsOwnFakeClockAndRegistryAlsoInParallel() {
    EngineExecutionResults events = run(FourTests.class, true);

    events.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));
    assertThat(SEEN).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void fieldsAreRefreshedForEachTestOfAPerClassInstanceAndClearedAfter() {
    EngineExecutionResults events = run(PerClass.class, false);

    events.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(SEEN).hasSize(3).doesNotHaveDuplicates().last().isEqualTo("after all: null");
  }

  @Test
  void aFieldTheTestInitialisedIsLeftAlone() {
    run(OwnField.class, false).testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void aConstructorSharesTheFixtureOfItsTest() {
    run(ConstructorInjection.class, false)
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));
  }

  @Test
  void envEntriesConfigureTheRegistry() {
    run(WithEnv.class, false).testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void aMetaAnnotationCarriesTheEnvironment() {
    run(WithMetaAnnotation.class, false).testEvents().assertStatistics(stats -> stats.succeeded(1));
  }

  @Test
  void injectingIntoBeforeAllFailsWithAMessageSayingWhere() {
    EngineExecutionResults events = run(BeforeAllInjection.class, false);

    events
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ParameterResolutionException.class),
                message(m -> m.contains("cannot be injected into") && m.contains("init"))));
  }

  @Test
  void aMalformedEnvEntryFailsNamingItsPositionButNotItsText() {
    EngineExecutionResults events = run(MalformedEnv.class, false);

    events
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(
                    m ->
                        m.contains("@MajordomoTest(env) on " + MalformedEnv.class.getName())
                            && m.contains("entry 2 is not NAME=VALUE")
                            && !m.contains("sk-secret"))));
  }

  @Test
  void aDuplicateEnvNameFails() {
    run(DuplicateEnv.class, false)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(m -> m.contains("entry 2 sets LLM_A a second time"))));
  }

  @Test
  void fieldsOfAPerClassInstanceWhoseTestsRunConcurrentlyAreRefused() {
    // Concurrent tests of one instance share its fields: the second would take the first one's
    // fake and registry (the field is not null), and lose them when the first one clears it.
    run(PerClassConcurrent.class, true)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            2,
            finishedWithFailure(
                instanceOf(ExtensionConfigurationException.class),
                message(
                    m ->
                        m.contains(PerClassConcurrent.class.getName() + ".fake")
                            && m.contains("declare it as a parameter"))));
    assertThat(SEEN).isEmpty();
  }

  @MajordomoTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @Execution(ExecutionMode.CONCURRENT)
  static class PerClassConcurrent {
    private FakeProvider fake;

    @Test
    void one() {
      SEEN.add(fake);
    }

    @Test
    void two() {
      SEEN.add(fake);
    }
  }

  @MajordomoTest
  static class FourTests {
    private void check(FakeProvider fake, FakeTimeSource clock, Registry registry) {
      assertThat(fake.requests()).isEmpty();
      assertThat(clock.now()).isEqualTo(FakeTimeSource.DEFAULT_START);
      fake.model("a").reply("hi");
      assertThat(registry.chain("fake/a").call(HELLO).text()).isEqualTo("hi");
      clock.advance(java.time.Duration.ofHours(1));
      SEEN.add(fake);
      SEEN.add(clock);
      SEEN.add(registry);
    }

    @Test
    void one(FakeProvider fake, FakeTimeSource clock, Registry registry) {
      check(fake, clock, registry);
    }

    @Test
    void two(FakeProvider fake, FakeTimeSource clock, Registry registry) {
      check(fake, clock, registry);
    }

    @Test
    void three(FakeProvider fake, FakeTimeSource clock, Registry registry) {
      check(fake, clock, registry);
    }

    @Test
    void four(FakeProvider fake, FakeTimeSource clock, Registry registry) {
      check(fake, clock, registry);
    }
  }

  @MajordomoTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClass {
    private FakeProvider fake;

    @Test
    void one() {
      assertThat(fake.requests()).isEmpty();
      fake.model("a").reply("hi");
      assertThat(fake.open("a", new FakeTimeSource()).call(HELLO).text()).isEqualTo("hi");
      SEEN.add(fake);
    }

    @Test
    void two() {
      one();
    }

    @AfterAll
    void after() {
      SEEN.add("after all: " + fake);
    }

    PerClass() {}
  }

  @MajordomoTest
  static class OwnField {
    private FakeProvider own = new FakeProvider();

    @Test
    void test(FakeProvider injected) {
      assertThat(own).isNotNull().isNotSameAs(injected);
    }
  }

  @MajordomoTest
  static class ConstructorInjection {
    private final FakeProvider fromConstructor;

    ConstructorInjection(FakeProvider fake) {
      this.fromConstructor = fake;
    }

    @Test
    void one(FakeProvider fake) {
      assertThat(fromConstructor).isSameAs(fake);
    }

    @Test
    void two(FakeProvider fake) {
      one(fake);
    }
  }

  @MajordomoTest(env = {"LLM_FAST=fake/a,fake/b", " LLM_ALONE = fake/c "})
  static class WithEnv {
    @Test
    void test(FakeProvider fake, Registry registry) {
      fake.model("a").reply("from a");
      fake.model("c").reply("from c");

      assertThat(registry.chain("fast").call(HELLO).text()).isEqualTo("from a");
      assertThat(registry.chain("alone").call(HELLO).text()).isEqualTo("from c");
    }
  }

  @MajordomoTest(env = "LLM_FAST=fake/meta")
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @interface FakeFast {}

  @FakeFast
  static class WithMetaAnnotation {
    @Test
    void test(FakeProvider fake, Registry registry) {
      fake.model("meta").reply("meta");
      assertThat(registry.chain("fast").call(HELLO).text()).isEqualTo("meta");
    }
  }

  @MajordomoTest
  static class BeforeAllInjection {
    @BeforeAll
    static void init(FakeProvider fake) {
      SEEN.add(fake);
    }

    @Test
    void test() {}
  }

  @MajordomoTest(env = {"LLM_A=fake/a", "sk-secret"})
  static class MalformedEnv {
    @Test
    void test(Registry registry) {
      SEEN.add(registry);
    }
  }

  @MajordomoTest(env = {"LLM_A=fake/a", "LLM_A=fake/b"})
  static class DuplicateEnv {
    @Test
    void test(Registry registry) {
      SEEN.add(registry);
    }
  }
}
