package dev.majordomo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.ConfigException;
import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthUpdates;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Target;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.Observer;
import dev.majordomo.spring.sample.OrderTools;
import dev.majordomo.spring.sample.SupportDesk;
import dev.majordomo.spring.sample.Translator;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every bean, condition and property of {@link MajordomoAutoConfiguration}. */
class MajordomoAutoConfigurationTest {
  /** A token that must never appear in a message. */
  static final String CANARY = "sk-canary-7c1d9e";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(MajordomoAutoConfiguration.class))
          .withBean(FakeProvider.class, FakeProvider::new);

  @Test
  void buildsTheRegistryFromTheProperties() {
    runner
        .withPropertyValues(
            "majordomo.models.primary=fake://" + CANARY + "@localhost:9/first",
            "majordomo.aliases.fast=primary,fake/second")
        .run(
            context -> {
              Registry registry = context.getBean(Registry.class);
              assertThat(registry.chain("fast").targets())
                  .containsExactly(
                      new Target("fake", "localhost", 9, "first"), Target.of("fake", "second"));
              assertThat(registry.failoverPolicy()).isEqualTo(FailoverPolicy.DEFAULT);
              assertThat(registry.health().policy()).isEqualTo(HealthPolicy.DEFAULT);
              assertThat(registry.limits()).isEqualTo(Limits.DEFAULTS);
              assertThat(registry.memoryPolicy()).isEqualTo(MemoryPolicy.DEFAULT);
            });
  }

  @Test
  void aProviderBeanAnswersTheCalls() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              assertThat(context.getBean(Translator.class).toFrench("Hello")).isEqualTo("Bonjour");
            });
  }

  @Test
  void policiesAndLimitsComeFromThePropertiesWithBootsConversions() {
    runner
        .withPropertyValues(
            "majordomo.aliases.fast=fake/m",
            "majordomo.failover.transient-retries=3",
            "majordomo.failover.backoff-base=1s",
            "majordomo.failover.deadline=45s",
            "majordomo.failover.advance-on-permanent=true",
            "majordomo.health.failure-threshold=5",
            "majordomo.health.base-cooldown=10s",
            "majordomo.health.max-cooldown=1h",
            "majordomo.limits.max-response-bytes=2MB",
            "majordomo.limits.max-tool-rounds=2",
            "majordomo.limits.stream-idle-timeout=30s",
            "majordomo.memory.max-messages=12",
            "majordomo.memory.max-tokens=3000")
        .run(
            context -> {
              Registry registry = context.getBean(Registry.class);
              FailoverPolicy failover = registry.failoverPolicy();
              assertThat(failover.transientRetries()).isEqualTo(3);
              assertThat(failover.backoffBase()).isEqualTo(Duration.ofSeconds(1));
              assertThat(failover.deadline()).isEqualTo(Duration.ofSeconds(45));
              assertThat(failover.advanceOnPermanent()).isTrue();
              assertThat(registry.health().policy())
                  .isEqualTo(new HealthPolicy(5, Duration.ofSeconds(10), Duration.ofHours(1)));
              assertThat(registry.limits().maxResponseBytes()).isEqualTo(2L * 1024 * 1024);
              assertThat(registry.limits().maxToolRounds()).isEqualTo(2);
              assertThat(registry.limits().streamIdleTimeout()).isEqualTo(Duration.ofSeconds(30));
              assertThat(registry.memoryPolicy()).isEqualTo(new MemoryPolicy(12, 3000));
            });
  }

  @Test
  void beansOfThePolicyTypesWinOverTheProperties() {
    HealthPolicy health = new HealthPolicy(7, Duration.ofSeconds(1), Duration.ofSeconds(2));
    FailoverPolicy failover = FailoverPolicy.DEFAULT.withTransientRetries(0);
    Limits limits = Limits.DEFAULTS.withMaxToolRounds(1);
    MemoryPolicy memory = MemoryPolicy.lastMessages(3);
    runner
        .withPropertyValues("majordomo.health.failure-threshold=5")
        .withBean(HealthPolicy.class, () -> health)
        .withBean(FailoverPolicy.class, () -> failover)
        .withBean(Limits.class, () -> limits)
        .withBean(MemoryPolicy.class, () -> memory)
        .run(
            context -> {
              Registry registry = context.getBean(Registry.class);
              assertThat(registry.health().policy()).isEqualTo(health);
              assertThat(registry.failoverPolicy()).isEqualTo(failover);
              assertThat(registry.limits()).isEqualTo(limits);
              assertThat(registry.memoryPolicy()).isEqualTo(memory);
            });
  }

  @Test
  void listenersAndTheClockAreTheApplicationsBeans() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    FakeTimeSource time = new FakeTimeSource();
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m", "majordomo.health.failure-threshold=1")
        .withBean("first", ChainListener.class, () -> event -> first.add(kind(event)))
        .withBean("second", ChainListener.class, () -> event -> second.add(kind(event)))
        .withBean(TimeSource.class, () -> time)
        .run(
            context -> {
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              context.getBean(Translator.class).toFrench("Hello");
              assertThat(first).isNotEmpty().isEqualTo(second);

              FakeProvider fake = context.getBean(FakeProvider.class);
              fake.model("m").fail(503).fail(503);
              Registry registry = context.getBean(Registry.class);
              try {
                registry
                    .chain("fast")
                    .call(dev.majordomo.llm.Request.of(dev.majordomo.llm.Message.user("hi")));
              } catch (RuntimeException expected) {
                // benched on the fake clock
              }
              assertThat(registry.health().benchedUntil(Target.of("fake", "m")))
                  .contains(time.now().plus(HealthPolicy.DEFAULT.baseCooldown()));
            });
  }

  @Test
  void observerBeansObserveEveryCall() {
    List<String> attempts = new ArrayList<>();
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withBean(
            Observer.class,
            () ->
                new Observer() {
                  @Override
                  public AttemptObservation attemptStarted(AttemptStart attempt) {
                    attempts.add(attempt.target().toString());
                    return AttemptObservation.NONE;
                  }
                })
        .run(
            context -> {
              context.getBean(FakeProvider.class).model("m").reply("Bonjour");
              context.getBean(Translator.class).toFrench("Hello");
              assertThat(attempts).containsExactly("fake/m");
            });
  }

  private static String kind(ChainEvent event) {
    return event.getClass().getSimpleName();
  }

  @Test
  void theApplicationsOwnRegistryWins() {
    Registry own = Registry.builder().withoutProviderDiscovery().build();
    runner
        .withPropertyValues("majordomo.aliases.fast=nowhere/at-all")
        .withBean(Registry.class, () -> own)
        .run(context -> assertThat(context.getBean(Registry.class)).isSameAs(own));
  }

  @Test
  void customizersAdjustTheBuilder() {
    runner
        .withBean(
            MajordomoRegistryCustomizer.class,
            () -> builder -> builder.alias("custom", "fake/from-code"))
        .run(
            context ->
                assertThat(context.getBean(Registry.class).chain("custom").targets())
                    .containsExactly(Target.of("fake", "from-code")));
  }

  @Test
  void propertiesWinOverLlmVariablesWhichStillServeOtherNames() {
    runner
        .withPropertyValues(
            "majordomo.aliases.fast=fake/from-properties",
            "LLM_FAST=fake/from-variable",
            "LLM_SMART=fake/smart")
        .run(
            context -> {
              Registry registry = context.getBean(Registry.class);
              assertThat(registry.chain("fast").targets())
                  .containsExactly(Target.of("fake", "from-properties"));
              assertThat(registry.chain("smart").targets())
                  .containsExactly(Target.of("fake", "smart"));
            });
  }

  @Test
  void aMalformedDsnStopsTheStartUpNamingThePropertyAndNotTheToken() {
    runner
        .withPropertyValues("majordomo.models.primary=fake://" + CANARY + "@host:notaport/m")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = rootConfigException(context.getStartupFailure());
              assertThat(failure).hasMessageStartingWith("majordomo.models.primary: ");
              assertNoCanary(context.getStartupFailure());
            });
  }

  @Test
  void aMalformedChainStopsTheStartUpNamingTheProperty() {
    runner
        .withPropertyValues("majordomo.aliases.fast=a,,b")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootConfigException(context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.aliases.fast: ");
            });
  }

  @Test
  void aDsnGivenAsAnAliasStopsTheStartUpWithoutTheToken() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake://" + CANARY + "@localhost/m")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootConfigException(context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.aliases.fast: ");
              assertNoCanary(context.getStartupFailure());
            });
  }

  @Test
  void anAliasNamingAModelThatExistsNowhereStopsTheStartUp() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m,missing")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootConfigException(context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.aliases.fast: ")
                  .hasMessageContaining("missing");
            });
  }

  @Test
  void theConfiguredChainsAreResolvedBesideTheStartUpWhichWaitsForThem() {
    List<String> openedOn = java.util.Collections.synchronizedList(new ArrayList<>());
    FakeProvider fake = new FakeProvider();
    Provider recording =
        new Provider() {
          @Override
          public String scheme() {
            return "recording";
          }

          @Override
          public Model open(ModelSpec spec, ProviderContext context) {
            openedOn.add(Thread.currentThread().getName());
            return fake.open(ModelSpec.of("fake", spec.modelId()), context);
          }
        };
    runner
        .withBean("recording", Provider.class, () -> recording)
        .withPropertyValues("majordomo.aliases.fast=recording/m")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              // Opened before the start-up ended, and not on the thread that started the context.
              assertThat(openedOn).containsExactly("majordomo-chain-check");
              fake.model("m").reply("Bonjour");
              assertThat(context.getBean(Translator.class).toFrench("Hello")).isEqualTo("Bonjour");
              assertThat(openedOn).hasSize(1);
            });
  }

  @Test
  void aSharedHealthBeanIsStartedByTheRegistryWhichTheContextClosesOnShutdown() {
    RecordingSharedHealth shared = new RecordingSharedHealth();
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withBean(MajordomoRegistryCustomizer.class, () -> builder -> builder.sharedHealth(shared))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(shared.started).isTrue();
              assertThat(shared.closed).isFalse();
            });
    // The registry is closed with the context, and closes what it was given.
    assertThat(shared.closed).isTrue();
  }

  @Test
  void aSharedHealthBeanIsTakenByTheRegistry() {
    RecordingSharedHealth shared = new RecordingSharedHealth();
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withBean(SharedHealth.class, () -> shared)
        .run(context -> assertThat(shared.started).isTrue());
  }

  /** Records what the registry does with its shared health. */
  static final class RecordingSharedHealth implements SharedHealth {
    volatile boolean started;
    volatile boolean closed;

    @Override
    public void start(HealthUpdates updates) {
      started = true;
    }

    @Override
    public void failed(Target target, HealthPolicy policy, TargetHealth here, Instant at) {}

    @Override
    public void rateLimited(Target target, Instant until) {}

    @Override
    public void recovered(Target target) {}

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void anOutOfRangePolicyStopsTheStartUpNamingItsGroup() {
    runner
        .withPropertyValues("majordomo.health.failure-threshold=0")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(rootConfigException(context.getStartupFailure()))
                  .hasMessageStartingWith("majordomo.health: ")
                  .hasMessageContaining("threshold");
            });
  }

  @Test
  void conversationsAreKeptInMemoryByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(InMemoryConversationStore.class);
          assertThat(context.getBean(Registry.class).conversationStore())
              .isSameAs(context.getBean(ConversationStore.class));
        });
  }

  @Test
  void storeNoneLeavesTheStoreToTheRegistry() {
    runner
        .withPropertyValues("majordomo.memory.store=none")
        .run(context -> assertThat(context).doesNotHaveBean(ConversationStore.class));
  }

  @Test
  void theApplicationsStoreWins() {
    InMemoryConversationStore own = new InMemoryConversationStore();
    runner
        .withBean("own", ConversationStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ConversationStore.class);
              assertThat(context.getBean(Registry.class).conversationStore()).isSameAs(own);
            });
  }

  @Test
  void assistantsAreBeansNamedAfterTheirInterface() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(
            context -> {
              assertThat(context).hasBean("supportDesk").hasBean("translator");
              assertThat(context.getBean("translator")).isInstanceOf(Translator.class);
            });
  }

  @Test
  void assistantsCanBeTurnedOffOrExcluded() {
    runner
        .withPropertyValues("majordomo.assistants.enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(SupportDesk.class)
                    .doesNotHaveBean(Translator.class));
    runner
        .withPropertyValues("majordomo.assistants.exclude=dev.majordomo.spring.sample.Translator")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SupportDesk.class)
                    .doesNotHaveBean(Translator.class));
  }

  @Test
  void theAssistantSettingsBindInEveryFormSpringAccepts() {
    // The index also lists sample.other.Translator, which no case below excludes: it must stay.
    Class<?> other = dev.majordomo.spring.sample.other.Translator.class;
    String[][] bothExcluded = {
      {
        "majordomo.assistants.exclude[0]=dev.majordomo.spring.sample.Translator",
        "majordomo.assistants.exclude[1]=dev.majordomo.spring.sample.SupportDesk"
      },
      {
        "majordomo.assistants.exclude=dev.majordomo.spring.sample.Translator,"
            + " dev.majordomo.spring.sample.SupportDesk"
      }
    };
    for (String[] exclusion : bothExcluded) {
      runner
          .withPropertyValues("majordomo.aliases.fast=fake/m")
          .withPropertyValues(exclusion)
          .run(
              context ->
                  assertThat(context)
                      .doesNotHaveBean(SupportDesk.class)
                      .doesNotHaveBean(Translator.class)
                      .hasSingleBean(other));
    }
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withInitializer(
            context ->
                context
                    .getEnvironment()
                    .getPropertySources()
                    .addFirst(
                        new SystemEnvironmentPropertySource(
                            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(
                                "MAJORDOMO_ASSISTANTS_EXCLUDE",
                                "dev.majordomo.spring.sample.Translator"))))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SupportDesk.class)
                    .doesNotHaveBean(Translator.class)
                    .hasSingleBean(other));
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m", "majordomo.assistants.Enabled=FALSE")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(SupportDesk.class)
                    .doesNotHaveBean(Translator.class)
                    .doesNotHaveBean(other));
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m", "majordomo.assistants.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(SupportDesk.class)
                    .hasSingleBean(Translator.class)
                    .hasSingleBean(other));
    for (String malformed : new String[] {"maybe", ""}) {
      runner
          .withPropertyValues("majordomo.assistants.enabled=" + malformed)
          .run(
              context ->
                  assertThat(context)
                      .as("enabled=%s", malformed)
                      .hasFailed()
                      .getFailure()
                      .hasStackTraceContaining("majordomo.assistants.enabled"));
    }
  }

  @Test
  void theRegistrarBindsEverySettingOfTheAssistantBeans() {
    // AssistantBeanRegistrar binds the fields of AssistantBeans one by one: a new field must be
    // bound there too, and this list updated with it.
    assertThat(MajordomoProperties.AssistantBeans.class.getDeclaredFields())
        .extracting(java.lang.reflect.Field::getName)
        .containsExactlyInAnyOrder("enabled", "exclude");
  }

  @Test
  void theApplicationsOwnAssistantBeanWins() {
    runner
        .withUserConfiguration(OwnTranslator.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Translator.class);
              assertThat(context.getBean(Translator.class).toFrench("x")).isEqualTo("own");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnTranslator {
    @Bean
    Translator myTranslator() {
      return text -> "own";
    }
  }

  @Test
  void aToolClassWithABeanIsTakenFromTheContext() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .withBean(OrderTools.class, () -> new OrderTools(order -> "shipped from the bean"))
        .run(context -> assertThat(askForOrder(context)).isEqualTo("shipped from the bean"));
  }

  @Test
  void aToolClassWithoutABeanIsConstructedByTheGeneratedCode() {
    runner
        .withPropertyValues("majordomo.aliases.fast=fake/m")
        .run(context -> assertThat(askForOrder(context)).isEqualTo("unknown"));
  }

  private static String askForOrder(
      org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
    FakeProvider fake = context.getBean(FakeProvider.class);
    fake.model("m")
        .replyToolCalls(new dev.majordomo.llm.Part.ToolCall("c1", "status", "{\"order\": \"A-1\"}"))
        .reply("done");
    context.getBean(SupportDesk.class).answer("ada", "Where is A-1?");
    return fake.requests("m").get(1).messages().stream()
        .flatMap(m -> m.parts().stream())
        .filter(p -> p instanceof dev.majordomo.llm.Part.ToolResult)
        .map(p -> ((dev.majordomo.llm.Part.ToolResult) p).content())
        .findFirst()
        .orElseThrow();
  }

  static Throwable rootConfigException(Throwable failure) {
    Throwable found = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigException && found == null) {
        found = t;
      }
    }
    assertThat(found).as("a ConfigException in " + failure).isNotNull();
    return found;
  }

  static void assertNoCanary(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(CANARY);
      assertThat(t.toString()).doesNotContain(CANARY);
      for (Throwable s : t.getSuppressed()) {
        assertThat(String.valueOf(s.getMessage())).doesNotContain(CANARY);
      }
    }
  }
}
