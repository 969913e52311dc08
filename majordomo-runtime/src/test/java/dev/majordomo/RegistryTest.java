package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainResolutionException;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthView;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static final String CANARY = "tok-CANARY-8f3a9c";
  private static final Request HELLO = Request.of(Message.user("hello"));

  private final FakeProvider fake = new FakeProvider();
  private final FakeTimeSource time = new FakeTimeSource();

  private Registry.Builder registry(Map<String, String> env) {
    return Registry.builder().withoutProviderDiscovery().provider(fake).time(time).env(env);
  }

  private static List<String> targets(Chain chain) {
    return chain.targets().stream().map(Target::toString).toList();
  }

  @Test
  void anAliasRefusesADsnAsAModelRefusesAChainAndNeitherQuotesTheValue() {
    String dsn = "openai://sk-secret-token-1234@api.openai.com/gpt-4o-mini";
    assertThatThrownBy(() -> Registry.builder().alias("fast", dsn))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("alias 'fast': ")
        .hasMessageContaining("model(name, dsn)")
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> Registry.builder().model("fast", "m1,openai/gpt-4o-mini"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("model 'fast': ")
        .hasMessageContaining("alias(name, chain)")
        .hasMessageNotContaining("m1,openai");
  }

  @Test
  void aTrailingAliasExpandsInOrder() {
    Registry r =
        registry(Map.of("LLM_THINKING", "fake/t1,fake/t2")).alias("fast", "fake/f1").build();

    assertThat(targets(r.chain("fast,thinking"))).containsExactly("fake/f1", "fake/t1", "fake/t2");
  }

  @Test
  void aliasesExpandRecursivelyAndDuplicatesKeepTheirFirstPosition() {
    Registry r =
        registry(Map.of())
            .alias("fast", "fake/a,cheap,fake/c")
            .alias("cheap", "fake/b,fake/a,fake/c")
            .build();

    assertThat(targets(r.chain("fast,fake/b,fake/d")))
        .containsExactly("fake/a", "fake/b", "fake/c", "fake/d");
  }

  @Test
  void anAliasCycleNamesTheWholePath() {
    Registry r =
        registry(Map.of("LLM_MID", "last"))
            .alias("fast", "fake/a,cheap")
            .alias("cheap", "mid")
            .alias("last", "fast")
            .build();

    assertThatThrownBy(() -> r.chain("fake/z,fast"))
        .isInstanceOf(ChainResolutionException.class)
        .hasMessageContaining("fast → cheap → mid → last → fast")
        .hasMessageContaining("element 2");
  }

  @Test
  void aModelFromTheEnvironmentIsReadLazilyOnlyWhenNeeded() {
    Map<String, String> env =
        Map.of(
            "LLM_M1", "fake://" + CANARY + "@gateway.internal/m1",
            "LLM_BROKEN", "fake://" + CANARY + "@:99999");
    Registry r = registry(env).build();

    Chain chain = r.chain("m1");

    assertThat(targets(chain)).containsExactly("fake://gateway.internal/m1");
    assertThatThrownBy(() -> r.chain("broken"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LLM_BROKEN")
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void otherToolsLlmVariablesNeitherStopAnEagerRegistryNorShowTheirValues() {
    Map<String, String> env =
        Map.of(
            "LLM_API_KEY", "sk-proj-" + CANARY,
            "LLM_BASE_URL", "https://user:" + CANARY + "@api.example.com/v1",
            "LLM_MODEL", "gpt-4o",
            "LLM_DB_PASSWORD", "hunter2!x" + CANARY,
            "LLM_GOOD", "fake/a");

    Registry registry = registry(env).loadEnvEagerly().build();

    assertThat(registry.chain("good").targets()).containsExactly(Target.of("fake", "a"));
    for (String name : List.of("api_key", "base_url", "model", "db_password")) {
      assertThatThrownBy(() -> registry.chain(name))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("LLM_" + name.toUpperCase(java.util.Locale.ROOT))
          .hasMessageContaining("not a Majordomo model or alias")
          .hasMessageNotContaining(CANARY)
          .hasMessageNotContaining("hunter2");
    }
  }

  @Test
  void theEagerScanReportsEveryMalformedVariableAtOnce() {
    Map<String, String> env =
        Map.of(
            "LLM_GOOD",
            "fake/a",
            "LLM_BAD_RANGE",
            "fake://" + CANARY + "@host:0/x",
            "LLM_BAD_QUERY",
            "fake://host/x?colour=blue",
            "LLM_NO_PROVIDER",
            "nosuch://" + CANARY + "@host/x");

    assertThatThrownBy(() -> registry(env).loadEnvEagerly().build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LLM_BAD_RANGE")
        .hasMessageContaining("LLM_BAD_QUERY")
        .hasMessageNotContaining(CANARY)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSizeGreaterThanOrEqualTo(2));
    Map<String, String> unknownScheme = Map.of("LLM_NO_PROVIDER", "nosuch://host/x");
    assertThatThrownBy(() -> registry(unknownScheme).loadEnvEagerly().build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LLM_NO_PROVIDER")
        .hasMessageContaining("no provider is registered for scheme 'nosuch'");
  }

  @Test
  void fromEnvLoadsEveryVariableUpFront() {
    Registry r =
        Registry.fromEnv(
            Map.of("LLM_FAST", "m1,fake/b", "LLM_M1", "fake://" + CANARY + "@host/model-1"));

    assertThat(targets(r.chain("fast"))).containsExactly("fake://host/model-1", "fake/b");
    assertThat(r.toString()).doesNotContain(CANARY);
    assertThat(r.chain("fast").toString()).doesNotContain(CANARY);
  }

  @Test
  void namesAreCaseInsensitiveAndMapToTheirVariable() {
    Registry r = registry(Map.of("LLM_FAST_MINI", "fake/mini")).build();

    assertThat(targets(r.chain("FAST-Mini"))).containsExactly("fake/mini");
    assertThat(targets(r.chain("fast.mini"))).containsExactly("fake/mini");
  }

  @Test
  void codeWinsOverTheEnvironment() {
    Registry r = registry(Map.of("LLM_FAST", "fake/from-env")).alias("fast", "fake/code").build();

    assertThat(targets(r.chain("fast"))).containsExactly("fake/code");
  }

  @Test
  void anUnknownNameSaysWhereItLooked() {
    Registry r = registry(Map.of()).alias("fast", "fake/a").build();

    assertThatThrownBy(() -> r.chain("fast,thinkng"))
        .isInstanceOf(ChainResolutionException.class)
        .hasMessageContaining("unknown name 'thinkng'")
        .hasMessageContaining("element 2")
        .hasMessageContaining("LLM_THINKNG")
        .hasMessageContaining("registered: fast");
  }

  @Test
  void aSpecTheProviderRefusesIsAConfigErrorNamingItsVariable() {
    Registry r =
        Registry.builder()
            .env(Map.of("LLM_SMART", "openai://" + CANARY + "@api.openai.com"))
            .build();

    assertThatThrownBy(() -> r.chain("smart"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LLM_SMART")
        .hasMessageNotContaining(CANARY)
        .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("LLM_SMART"));
  }

  @Test
  void anUnknownSchemeListsTheRegisteredOnes() {
    Registry r = registry(Map.of()).build();

    assertThatThrownBy(() -> r.chain("nosuch/model"))
        .isInstanceOf(ChainResolutionException.class)
        .hasMessageContaining("no provider is registered for scheme 'nosuch'")
        .hasMessageContaining("registered: fake");
  }

  @Test
  void aMalformedChainIsASyntaxErrorWithItsIndex() {
    Registry r = registry(Map.of()).build();

    assertThatThrownBy(() -> r.chain("fast,,thinking"))
        .isInstanceOf(ChainSyntaxException.class)
        .satisfies(e -> assertThat(((ChainSyntaxException) e).index()).isEqualTo(5));
  }

  @Test
  void badNamesAndDsnsInCodeAreRejectedAtOnce() {
    assertThatThrownBy(() -> Registry.builder().alias("1fast", "fake/a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1fast");
    assertThatThrownBy(() -> Registry.builder().model("m", "fake/a"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alias(name, chain)");
    assertThatThrownBy(() -> registry(Map.of()).model("m", "fake://" + CANARY + "@:1/x").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("model 'm'")
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void resolvedChainsAreCachedAndOpenEachModelOnce() {
    CountingProvider counting = new CountingProvider();
    Registry r =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(counting)
            .env(Map.of())
            .alias("a", "count/x,count/y")
            .build();

    assertThat(r.chain("a")).isSameAs(r.chain("a"));
    r.chain("count/x,a");
    assertThat(counting.opened).containsExactly("x", "y");
  }

  @Test
  void providersAreDiscoveredThroughServiceLoader() {
    Registry r = Registry.builder().env(Map.of()).build();

    assertThat(r.schemes()).contains("fake");
    assertThat(targets(r.chain("fake/x"))).containsExactly("fake/x");
  }

  @Test
  void aChainFailsOverAndEveryChainSharesTheRegistrysHealth() {
    List<ChainEvent> events = new CopyOnWriteArrayList<>();
    Registry r =
        registry(Map.of("LLM_FAST", "fake/flaky,fake/steady"))
            .healthPolicy(HealthPolicy.DEFAULT.withThreshold(2))
            .listener(events::add)
            .build();
    fake.model("flaky").fail(503).fail(503);
    fake.model("steady").defaultReply("steady answer");

    Response first = r.chain("fast").call(HELLO);

    assertThat(first.text()).isEqualTo("steady answer");
    assertThat(first.answeredBy()).hasToString("fake/steady");
    assertThat(first.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.FAILED, Attempt.Outcome.SUCCEEDED);
    assertThat(r.health().isBenched(Target.of("fake", "flaky"))).isTrue();

    Response second = r.chain("fake/flaky,fake/steady").call(HELLO);

    assertThat(second.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(second.attempts().get(0).detail()).startsWith("benched until");
    assertThat(events).anyMatch(ChainEvent.Benched.class::isInstance);
  }

  @Test
  void theHealthViewCannotBeCastBackToTheTrackerThatRecords() {
    Registry r = registry(Map.of()).healthPolicy(HealthPolicy.DEFAULT.withThreshold(1)).build();
    HealthView view = r.health();
    // A cast to the internal tracker would let any caller bench or clear a target by hand.
    assertThat(view).isNotInstanceOf(HealthTracker.class);
    fake.model("down").fail(503).fail(503).fail(503);

    assertThatThrownBy(() -> r.chain("fake/down").call(HELLO)).isNotNull();

    assertThat(view.isBenched(Target.of("fake", "down"))).as("the view is live").isTrue();
    assertThat(view.snapshot()).containsOnlyKeys(Target.of("fake", "down"));
    assertThat(view.policy()).isEqualTo(HealthPolicy.DEFAULT.withThreshold(1));
  }

  @Test
  void theFakeSchemeWithoutItsProviderSaysWhichModuleHoldsIt() {
    // The fake provider left the runtime for majordomo-testing: a test that used "fake/…" with the
    // runtime alone must learn where it went.
    Registry r = Registry.builder().withoutProviderDiscovery().env(Map.of()).build();
    assertThatThrownBy(() -> r.chain("fake/primary"))
        .hasMessageContaining("no provider is registered for scheme 'fake'")
        .hasMessageContaining("dev.majordomo:majordomo-testing");
    assertThatThrownBy(() -> r.chain("acme/m")).hasMessageNotContaining("majordomo-testing");
  }

  @Test
  void aChainMayOverrideTheRegistrysPolicy() {
    Registry r = registry(Map.of()).build();
    fake.model("a").fail(503).reply("second try").fail(503);
    fake.model("b").defaultReply("from b");

    Response withRetry = r.chain("fake/a,fake/b").call(HELLO);
    Response noRetry =
        r.chain("fake/a,fake/b", FailoverPolicy.DEFAULT.withTransientRetries(0))
            .call(HELLO.followedBy(Message.user("again")));

    assertThat(withRetry.text()).isEqualTo("second try");
    assertThat(noRetry.text()).isEqualTo("from b");
    assertThat(r.chain("fake/a,fake/b"))
        .isNotSameAs(r.chain("fake/a,fake/b", FailoverPolicy.DEFAULT.withTransientRetries(0)));
  }

  @Test
  void aCustomClassifierOnTheRegistryDecidesFailover() {
    Registry r =
        registry(Map.of())
            .classifier(
                e ->
                    e.getMessage() != null && e.getMessage().contains("HTTP 400")
                        ? ErrorKind.TRANSIENT
                        : dev.majordomo.llm.ErrorClassifier.DEFAULT.classify(e))
            .build();
    fake.model("a").fail(400);
    fake.model("b").defaultReply("b answers");

    assertThat(r.chain("fake/a,fake/b", r.failoverPolicy().withTransientRetries(0)).call(HELLO))
        .extracting(Response::text)
        .isEqualTo("b answers");
  }

  /** Counts how often each model is opened. */
  private static final class CountingProvider implements Provider {
    final List<String> opened = new ArrayList<>();

    @Override
    public String scheme() {
      return "count";
    }

    @Override
    public Model open(ModelSpec spec, ProviderContext context) {
      opened.add(spec.modelId());
      return new Model() {
        @Override
        public Response call(Request request) {
          return Response.ofText(spec.modelId());
        }

        @Override
        public ResponseStream stream(Request request) {
          return call(request).message().text().isEmpty() ? null : ResponseStream.of(List.of());
        }
      };
    }
  }

  @Test
  void theDeadlineBoundsTheWholeChain() {
    Registry r =
        registry(Map.of())
            .failoverPolicy(FailoverPolicy.DEFAULT.withDeadline(Duration.ofSeconds(5)))
            .build();
    fake.model("slow").delay(Duration.ofSeconds(6)).reply("too late");
    fake.model("never").defaultReply("not reached");

    assertThatThrownBy(() -> r.chain("fake/slow,fake/never").call(HELLO))
        .isInstanceOf(dev.majordomo.chain.ChainDeadlineException.class);
    assertThat(fake.requests("never")).isEmpty();
  }
}
