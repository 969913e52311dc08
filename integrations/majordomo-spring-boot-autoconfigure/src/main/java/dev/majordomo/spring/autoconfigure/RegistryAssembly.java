package dev.majordomo.spring.autoconfigure;

import dev.majordomo.ConfigException;
import dev.majordomo.Limits;
import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainElement;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.ChainSyntax;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.observation.Observer;
import dev.majordomo.time.TimeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.env.StandardEnvironment;

/**
 * Builds the registry from the properties and the application's Majordomo beans; shared by the real
 * auto-configuration and the fake one of the tests, which differ only in providers, clock and
 * environment.
 */
final class RegistryAssembly {
  private static final System.Logger LOG = System.getLogger(RegistryAssembly.class.getName());

  /** The shape of an environment variable's name: only such properties reach the registry. */
  private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");

  /** {@code FakeProvider.SCHEME}, spelled out: majordomo-testing is on a test class path only. */
  private static final String FAKE_SCHEME = "fake";

  private RegistryAssembly() {}

  /**
   * What differs between the real registry and the fake one.
   *
   * @param discoverProviders whether providers come from the class path and the context
   * @param extraProviders providers added after those
   * @param time the clock, or {@code null} for the context's {@code TimeSource} bean if any
   * @param env the variables the registry reads
   * @param aliasesToFakeModels whether every configured model {@code NAME} becomes {@code
   *     fake/NAME} and every {@code scheme/model} element of an alias {@code fake/model}
   */
  record Mode(
      boolean discoverProviders,
      List<Provider> extraProviders,
      TimeSource time,
      Map<String, String> env,
      boolean aliasesToFakeModels) {}

  // No lambdas on this path (loops instead): it runs once per start-up, where each lambda's call
  // site costs a class defined at run time, for nothing a loop does not do as well.
  static Registry build(
      MajordomoProperties properties, BeanFactory beans, Mode mode, ConfiguredChainCheck check) {
    Registry.Builder builder = Registry.builder().env(mode.env());
    if (mode.discoverProviders()) {
      for (Provider provider : ordered(beans, Provider.class)) {
        builder.provider(provider);
      }
    } else {
      // A test's fake registry takes none of the application's providers: no real model answers.
      builder.withoutProviderDiscovery();
    }
    for (Provider provider : mode.extraProviders()) {
      builder.provider(provider);
    }
    TimeSource time = mode.time() != null ? mode.time() : unique(beans, TimeSource.class);
    if (time != null) {
      builder.time(time);
    }
    List<ChainListener> listeners = ordered(beans, ChainListener.class);
    if (!listeners.isEmpty()) {
      builder.listener(listeners.size() == 1 ? listeners.get(0) : all(listeners));
    }
    for (Observer observer : ordered(beans, Observer.class)) {
      builder.observer(observer);
    }
    for (ToolSource source : ordered(beans, ToolSource.class)) {
      builder.toolSource(source);
    }
    ErrorClassifier classifier = unique(beans, ErrorClassifier.class);
    if (classifier != null) {
      builder.classifier(classifier);
    }
    if (mode.discoverProviders()) {
      // A test's fake registry keeps its health to itself: it must not bench, or be benched by,
      // the application's real instances.
      SharedHealth shared = unique(beans, SharedHealth.class);
      if (shared != null) {
        builder.sharedHealth(shared);
      }
    }
    ConversationStore store = unique(beans, ConversationStore.class);
    if (store != null) {
      builder.conversationStore(store);
    }
    FailoverPolicy failover = unique(beans, FailoverPolicy.class);
    builder.failoverPolicy(failover != null ? failover : failoverPolicy(properties.getFailover()));
    HealthPolicy health = unique(beans, HealthPolicy.class);
    builder.healthPolicy(health != null ? health : healthPolicy(properties.getHealth()));
    Limits limits = unique(beans, Limits.class);
    builder.limits(limits != null ? limits : limits(properties.getLimits()));
    MemoryPolicy memory = unique(beans, MemoryPolicy.class);
    builder.memoryPolicy(memory != null ? memory : memoryPolicy(properties.getMemory()));

    Map<String, String> where = new LinkedHashMap<>();
    for (Map.Entry<String, String> model : properties.getModels().entrySet()) {
      String name = model.getKey();
      String property = "majordomo.models." + name;
      where.put(name, property);
      if (mode.aliasesToFakeModels()) {
        builder.alias(name, FAKE_SCHEME + "/" + name);
        continue;
      }
      try {
        builder.model(name, model.getValue());
      } catch (MajordomoException | IllegalArgumentException e) {
        throw named(property, e);
      }
    }
    for (Map.Entry<String, String> alias : properties.getAliases().entrySet()) {
      String name = alias.getKey();
      String property = "majordomo.aliases." + name;
      where.put(name, property);
      try {
        String chain = alias.getValue();
        builder.alias(name, mode.aliasesToFakeModels() ? toFake(chain) : chain);
      } catch (MajordomoException | IllegalArgumentException e) {
        throw named(property, e);
      }
    }
    for (MajordomoRegistryCustomizer customizer :
        ordered(beans, MajordomoRegistryCustomizer.class)) {
      customizer.customize(builder);
    }

    Registry registry;
    try {
      registry = builder.build();
    } catch (ConfigException e) {
      throw new ConfigException(propertyOf(e.variable(), where), e.getMessage(), e);
    }
    check.start(registry, where);
    return registry;
  }

  /**
   * The chain with every {@code scheme/model} element played by the fake model of that id; names
   * stay, so a configured model still resolves to its own fake model and failover keeps its order.
   */
  static String toFake(String chain) {
    if (chain.contains("://")) {
      return chain; // Registry.Builder.alias refuses it, and the property is named
    }
    List<ChainElement> fake = new ArrayList<>();
    for (ChainElement element : ChainSyntax.parse(chain)) {
      fake.add(
          element instanceof ChainElement.ModelRef ref
              ? new ChainElement.ModelRef(FAKE_SCHEME, ref.modelId())
              : element);
    }
    return ChainSyntax.format(fake);
  }

  /**
   * The variables the registry reads ({@code LLM_*}, {@code OPENAI_API_KEY}, …): every property
   * whose name has the shape of one, from every source of the Spring environment (the process
   * environment is one), so that tests and configuration files can set them too. Each value is the
   * one of the source of highest precedence that has the name, its placeholders resolved; without
   * {@code processEnvironment}, neither the value nor a placeholder ever comes from the process
   * environment.
   */
  static Map<String, String> variables(Environment environment, boolean processEnvironment) {
    Map<String, String> variables = new LinkedHashMap<>();
    if (!(environment instanceof ConfigurableEnvironment configurable)) {
      return processEnvironment ? System.getenv() : Map.of();
    }
    MutablePropertySources readable = new MutablePropertySources();
    for (PropertySource<?> source : configurable.getPropertySources()) {
      boolean system =
          source.getName().equals(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      // Spring Boot's view over every source, the process environment included: each source is
      // read on its own instead.
      boolean all = ConfigurationPropertySources.isAttachedConfigurationPropertySource(source);
      if ((processEnvironment || !system) && !all) {
        readable.addLast(source);
      }
    }
    PropertySourcesPropertyResolver placeholders = new PropertySourcesPropertyResolver(readable);
    for (PropertySource<?> source : readable) {
      if (!(source instanceof EnumerablePropertySource<?> names)) {
        continue;
      }
      for (String name : names.getPropertyNames()) {
        if (variables.containsKey(name) || !VARIABLE.matcher(name).matches()) {
          continue;
        }
        Object value = source.getProperty(name);
        if (value != null) {
          // Not environment.getProperty(name): that would find the process environment's value
          // of the name first, the very value a test's registry must not see.
          variables.put(name, resolve(placeholders, value.toString()));
        }
      }
    }
    return variables;
  }

  private static String resolve(PropertySourcesPropertyResolver placeholders, String raw) {
    try {
      return placeholders.resolvePlaceholders(raw);
    } catch (IllegalArgumentException circular) {
      // A variable of another program that happens to hold "${": not ours to judge.
      return raw;
    }
  }

  private static String propertyOf(String variable, Map<String, String> where) {
    if (variable != null) {
      for (Map.Entry<String, String> e : where.entrySet()) {
        if (variable.equals("model '" + e.getKey() + "'")
            || variable.equals("alias '" + e.getKey() + "'")) {
          return e.getValue();
        }
      }
    }
    return variable == null ? "majordomo" : variable;
  }

  /** Runs {@code action}, naming {@code property} in what it throws. */
  static void checked(String property, Runnable action) {
    try {
      action.run();
    } catch (MajordomoException | IllegalArgumentException e) {
      throw named(property, e);
    }
  }

  /** {@code e} as the mistake of {@code property}. */
  static ConfigException named(String property, RuntimeException e) {
    // The runtime's messages never quote a DSN's token, so this one does not either.
    return new ConfigException(property, e.getMessage(), e);
  }

  private static FailoverPolicy failoverPolicy(MajordomoProperties.Failover p) {
    try {
      return new FailoverPolicy(
          p.getTransientRetries(),
          p.getBackoffBase(),
          p.getBackoffMax(),
          p.getRetryAfterCap(),
          p.isAdvanceOnPermanent(),
          ErrorClassifier.DEFAULT,
          null,
          p.getDeadline());
    } catch (MajordomoException | IllegalArgumentException e) {
      throw named("majordomo.failover", e);
    }
  }

  private static HealthPolicy healthPolicy(MajordomoProperties.Health p) {
    try {
      return new HealthPolicy(p.getFailureThreshold(), p.getBaseCooldown(), p.getMaxCooldown());
    } catch (MajordomoException | IllegalArgumentException e) {
      throw named("majordomo.health", e);
    }
  }

  private static Limits limits(MajordomoProperties.CallLimits p) {
    try {
      return new Limits(
          p.getMaxResponseBytes().toBytes(),
          p.getMaxStreamLineBytes().toBytes(),
          p.getMaxImageBytes().toBytes(),
          p.getMaxToolOutputChars(),
          p.getMaxToolRounds(),
          p.getCallDeadline(),
          p.getStreamFirstEventTimeout(),
          p.getStreamIdleTimeout());
    } catch (MajordomoException | IllegalArgumentException e) {
      throw named("majordomo.limits", e);
    }
  }

  private static MemoryPolicy memoryPolicy(MajordomoProperties.Memory p) {
    try {
      return new MemoryPolicy(
          p.getMaxMessages(), p.getMaxTokens() == null ? Integer.MAX_VALUE : p.getMaxTokens());
    } catch (MajordomoException | IllegalArgumentException e) {
      throw named("majordomo.memory", e);
    }
  }

  private static <T> T unique(BeanFactory beans, Class<T> type) {
    return beans.getBeanProvider(type).getIfUnique();
  }

  /** Every bean of {@code type}, in the order of {@code @Order} and {@code Ordered}. */
  private static <T> List<T> ordered(BeanFactory beans, Class<T> type) {
    return beans.getBeanProvider(type).orderedStream().toList();
  }

  /** Every listener in order; one that throws does not keep the others from the event. */
  private static ChainListener all(List<ChainListener> listeners) {
    List<ChainListener> copy = new ArrayList<>(listeners);
    return event -> {
      for (ChainListener listener : copy) {
        try {
          listener.onEvent(event);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "a chain listener failed: " + listener, e);
        }
      }
    };
  }
}
