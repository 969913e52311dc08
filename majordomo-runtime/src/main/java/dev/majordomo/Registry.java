package dev.majordomo;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.ChainSyntax;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.health.HealthView;
import dev.majordomo.health.SharedHealth;
import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.internal.config.EnvLoader;
import dev.majordomo.internal.grammar.SchemeGrammar;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.observation.Observer;
import dev.majordomo.time.TimeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;

/**
 * Providers, aliases and models, and the health of every target: what a chain string such as {@code
 * "fast,thinking"} resolves against. Names not registered in code are looked up in the environment
 * as {@code LLM_<NAME>} the first time they are needed. Thread-safe; what a chain string resolves
 * to is cached (see {@link #chain(String, FailoverPolicy)}).
 *
 * <p>Every cache is bounded, so a program that builds chain strings from input ({@code "openai/" +
 * userInput}) does not grow memory without end: at most 1,024 chain strings keep their resolution,
 * 1,024 opened models are kept for reuse, 1,024 unset {@code LLM_*} variables are remembered as
 * unset, and the health tracker holds at most 1,024 targets with failures on record (a healthy
 * target has no entry). Past a bound the work is redone on each call, with the same result; see
 * {@code docs/failover.md}.
 *
 * <pre>{@code
 * Registry registry = Registry.builder()
 *     .alias("fast", "openai/gpt-4o-mini,ollama/qwen3:8b")
 *     .model("thinking", "anthropic://" + key + "@api.anthropic.com/claude-sonnet-4-5")
 *     .build();
 * Response reply = registry.chain("fast,thinking").call(Request.of(Message.user("Hi")));
 * }</pre>
 *
 * <p>A registry given a {@link Builder#sharedHealth SharedHealth} shares what it learns about its
 * targets with the other instances of the service; {@link #close()} stops that and releases the
 * idle connections of the HTTP clients the registry created. Calls keep working after {@code
 * close()}, with local health only.
 */
public final class Registry implements AutoCloseable {
  private final Map<String, Provider> providers;
  private final ChainResolver resolver;
  private final HealthTracker health;
  private final HealthView healthView;
  private final FailoverPolicy policy;
  private final Observer observer;
  private final TimeSource time;
  private final Limits limits;
  private final RegistryProviderContext context;
  private final MemoryPolicy memoryPolicy;
  private final ConversationStore givenStore;
  private final List<ToolSource> toolSources;
  private volatile ConversationStore defaultStore;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * What a chain string resolved to, by the string alone: the policy is applied per call, so a
   * deadline per request or a classifier lambda (compared by identity) does not make a new entry.
   * Resolution opens models and reads the environment; building a {@link Chain} over resolved
   * targets is cheap.
   */
  private final FirstComeCache<String, Resolved> chains =
      new FirstComeCache<>(
          MAX_CACHED_CHAINS,
          () ->
              LOG.log(
                  System.Logger.Level.INFO,
                  "more than {0} distinct chain strings: further ones are resolved on every call",
                  MAX_CACHED_CHAINS));

  /**
   * The most chain strings whose resolution is kept. A program names a handful; one that builds
   * chain strings from input still has a bounded cache, and past the bound a string is resolved on
   * each call (to the same opened models, so the result is the same, only slower).
   */
  static final int MAX_CACHED_CHAINS = 1024;

  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  /**
   * The targets of one chain string, and its chain under the registry's own policy (returned as is,
   * so {@code chain(s)} is the same object every time). Never compared, so its generated equals and
   * hashCode, slow to bootstrap on first use, are never run.
   */
  private record Resolved(List<ChainTarget> targets, Chain withRegistryPolicy) {}

  private Registry(Builder b, Map<String, EnvEntry> configured) {
    this.providers = Map.copyOf(b.providers);
    this.time = b.time;
    this.health = new HealthTracker(b.healthPolicy, b.time, b.sharedHealth);
    this.healthView = new ReadOnlyHealth(health);
    this.policy = b.classifier == null ? b.policy : b.policy.withClassifier(b.classifier);
    List<Observer> observers = new ArrayList<>();
    observers.add(Observer.of(b.listener));
    observers.addAll(b.observers);
    this.observer = Observer.all(observers.toArray(new Observer[0]));
    this.limits = b.limits;
    this.context = new RegistryProviderContext(b.env, b.time, b.httpClient, b.limits);
    this.memoryPolicy = b.memoryPolicy;
    this.givenStore = b.conversationStore;
    this.toolSources = List.copyOf(b.toolSources.values());
    EnvLoader env = new EnvLoader(b.env, this::parameterKeys);
    Map<String, EnvEntry> entries = new LinkedHashMap<>(configured);
    if (b.eagerEnv) {
      for (EnvEntry entry : env.scanAll()) {
        entries.putIfAbsent(entry.name(), entry);
      }
    }
    this.resolver = new ChainResolver(providers, entries, env, context);
    if (b.eagerEnv) {
      resolver.checkSchemes(entries.values());
    }
  }

  /** A builder that discovers providers with {@link ServiceLoader} and reads the process env. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A registry configured from {@code env}: every {@code LLM_*} variable is read now, and every
   * malformed one is reported in one {@link ConfigException}. Variables that are plainly other
   * tools' ({@code LLM_API_KEY}, {@code LLM_BASE_URL}, {@code LLM_MODEL}, a value that is neither a
   * DSN nor a chain such as {@code 1}) are skipped with an {@code INFO} line naming the variable
   * only; see {@code docs/env-dsn.md}.
   */
  public static Registry fromEnv(Map<String, String> env) {
    return builder().env(env).loadEnvEagerly().build();
  }

  /** {@link #fromEnv(Map)} over the process environment. */
  public static Registry fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * The chain for {@code chain}, resolved now (aliases expanded, models opened, environment
   * variables read) and cached.
   *
   * @throws dev.majordomo.chain.ChainSyntaxException when the string is malformed
   * @throws dev.majordomo.chain.ChainResolutionException when an element cannot be resolved
   * @throws ConfigException when an {@code LLM_*} variable it needs is malformed
   */
  public Chain chain(String chain) {
    return chain(chain, policy);
  }

  /**
   * {@link #chain(String)} with this chain's own failover policy. Only the resolution of {@code
   * chain} is cached, not the policy: a new policy per call (a per-request deadline, say) costs a
   * small {@link Chain} object, never a cache entry. Every chain shares this registry's health.
   */
  public Chain chain(String chain, FailoverPolicy chainPolicy) {
    Objects.requireNonNull(chainPolicy, "chainPolicy");
    Resolved resolved = resolve(chain);
    return chainPolicy == policy || chainPolicy.equals(policy)
        ? resolved.withRegistryPolicy()
        : new FailoverChain(resolved.targets(), health, chainPolicy, observer, time);
  }

  /** The registry's observers as one (the listener's included); {@link Observer#NONE} if none. */
  Observer observer() {
    return observer;
  }

  private Resolved resolve(String chain) {
    Resolved cached = chain == null ? null : chains.get(chain);
    if (cached != null) {
      return cached;
    }
    // Resolved outside any lock: it may read the environment and open models (the resolver
    // opens each model once, so two threads racing here end with the same models).
    List<ChainTarget> targets = resolver.resolve(chain, ChainSyntax.parse(chain));
    Resolved fresh =
        new Resolved(targets, new FailoverChain(targets, health, policy, observer, time));
    return chains.keep(chain, fresh);
  }

  /** How many chain strings have their resolution cached (for tests). */
  int cachedChains() {
    return chains.size();
  }

  /**
   * The most opened models kept for reuse across chain strings. Past the bound a model spec is
   * opened on each resolution (cheap: models hold no resources of their own) and not kept.
   */
  static final int MAX_OPENED_MODELS = 1024;

  /** How many opened models are kept (for tests). */
  int openedModels() {
    return resolver.openedModels();
  }

  /** One model: a chain of one element. */
  public Model model(String element) {
    return chain(element);
  }

  /**
   * The health of every target this registry has called: a read-only, live view of what its chains
   * record.
   */
  public HealthView health() {
    return healthView;
  }

  /**
   * Stops sharing health and releases what the registry created: closes the {@link
   * Builder#sharedHealth SharedHealth} (if one was given) and evicts the idle connections of the
   * HTTP clients the registry created (a client given to {@link Builder#httpClient} is left alone,
   * since others may share it), and closes the {@linkplain Builder#toolSource tool sources} given
   * to the builder. Idempotent; never throws because of the shared health or a tool source.
   *
   * <p>The registry stays usable: chains, assistants and calls made after {@code close()} work as
   * before, with local health only (they neither report to nor hear from other instances), and a
   * new HTTP connection is opened when one is needed. So an application that closes the registry
   * while its last requests drain loses no call, except a call of a method that uses one of the
   * registry's tool sources: a closed source fails it with {@link ToolSourceException}.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    health.stopSharing();
    context.evictIdleConnections();
    for (ToolSource source : toolSources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "tool source ''" + source.name() + "'' failed to close",
            e);
      }
    }
  }

  /** The tool sources given to {@link Builder#toolSource}, in order. */
  List<ToolSource> toolSources() {
    return toolSources;
  }

  /** {@return the failover policy of every chain this registry builds} */
  public FailoverPolicy failoverPolicy() {
    return policy;
  }

  /** {@return the limits every call through this registry respects} */
  public Limits limits() {
    return limits;
  }

  /**
   * Where the assistants of this registry keep their conversations unless their builder names a
   * store: the one given to {@link Builder#conversationStore}, else one {@link
   * InMemoryConversationStore} of this registry, created on first use.
   */
  public ConversationStore conversationStore() {
    if (givenStore != null) {
      return givenStore;
    }
    ConversationStore s = defaultStore;
    if (s == null) {
      synchronized (this) {
        s = defaultStore;
        if (s == null) {
          s = new InMemoryConversationStore();
          defaultStore = s;
        }
      }
    }
    return s;
  }

  /**
   * How much of a conversation the calls of this registry's assistants send, unless their builder
   * or their {@code @Llm} says otherwise; {@link MemoryPolicy#DEFAULT} unless set.
   */
  public MemoryPolicy memoryPolicy() {
    return memoryPolicy;
  }

  /** The schemes of the registered providers, sorted. */
  Set<String> schemes() {
    return new TreeSet<>(providers.keySet());
  }

  private Set<String> parameterKeys(String scheme) {
    Provider provider = providers.get(scheme);
    return provider == null ? Set.of() : provider.parameterKeys();
  }

  @Override
  public String toString() {
    return "Registry[providers=" + schemes() + ", " + resolver + "]";
  }

  /** Configures a {@link Registry}. */
  public static final class Builder {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Map<String, EnvEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> pendingModels = new LinkedHashMap<>();
    private final Map<String, String> pendingAliases = new LinkedHashMap<>();
    private Map<String, String> env = System.getenv();
    private boolean eagerEnv;
    private boolean discover = true;
    private HealthPolicy healthPolicy = HealthPolicy.DEFAULT;
    private FailoverPolicy policy = FailoverPolicy.DEFAULT;
    private ErrorClassifier classifier;
    private ChainListener listener = ChainListener.NONE;
    private final List<Observer> observers = new ArrayList<>();
    private TimeSource time = TimeSource.SYSTEM;
    private OkHttpClient httpClient;
    private Limits limits = Limits.DEFAULTS;
    private MemoryPolicy memoryPolicy = MemoryPolicy.DEFAULT;
    private ConversationStore conversationStore;
    private SharedHealth sharedHealth;
    private final Map<String, ToolSource> toolSources = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds a source of tools found at run time (an MCP server's, say) under its {@linkplain
     * ToolSource#name() name}, for the assistant methods that name it in {@code @Llm(toolSources =
     * …)}. The registry owns it from then on: {@link Registry#close()} closes it. An assistant's
     * builder may give a source of the same name, which that assistant uses instead.
     *
     * @param source the source
     * @return this builder
     * @throws IllegalArgumentException when a source of the same name was added before
     */
    public Builder toolSource(ToolSource source) {
      Objects.requireNonNull(source, "toolSource");
      String name = Objects.requireNonNull(source.name(), "toolSource.name()");
      if (toolSources.putIfAbsent(name, source) != null) {
        throw new IllegalArgumentException(
            "a tool source named '" + name + "' was already added to this registry builder");
      }
      return this;
    }

    /** Registers a provider under its scheme, replacing a discovered one with the same scheme. */
    public Builder provider(Provider provider) {
      Objects.requireNonNull(provider, "provider");
      providers.put(normalScheme(provider.scheme()), provider);
      return this;
    }

    /** Do not discover providers through {@link ServiceLoader}; only those given here count. */
    public Builder withoutProviderDiscovery() {
      this.discover = false;
      return this;
    }

    /**
     * Defines the alias {@code name} as {@code chain} (e.g. {@code "m1,openai/gpt-4o-mini"}),
     * checked at {@link #build()}.
     *
     * @throws ConfigException if {@code chain} is a DSN ({@code <scheme>://…}): a model is defined
     *     with {@link #model(String, String)}; the message does not quote the value, which may hold
     *     a token
     */
    public Builder alias(String name, String chain) {
      Objects.requireNonNull(chain, "chain");
      if (chain.contains("://")) {
        throw new ConfigException(
            "alias '" + name + "'",
            "an alias is a chain (names and scheme/model elements), but this value is a DSN"
                + " (<scheme>://…); define a model from a DSN with model(name, dsn)");
      }
      pendingAliases.put(checkedName(name), chain);
      return this;
    }

    /**
     * Defines the model {@code name} from a DSN such as {@code openai://token@host/model}, checked
     * at {@link #build()}.
     *
     * @throws ConfigException if {@code dsn} is not a DSN (it has no {@code ://}): a chain is
     *     defined with {@link #alias(String, String)}; the message does not quote the value
     */
    public Builder model(String name, String dsn) {
      Objects.requireNonNull(dsn, "dsn");
      if (!dsn.contains("://")) {
        throw new ConfigException(
            "model '" + name + "'",
            "a model is defined by a DSN (<scheme>://[<token>@]<host>[:<port>][/<model-id>]), but"
                + " this value has no \"://\"; define a chain with alias(name, chain)");
      }
      pendingModels.put(checkedName(name), dsn);
      return this;
    }

    /** Defines the model {@code name} from a spec built in code. */
    public Builder model(String name, ModelSpec spec) {
      String key = checkedName(name);
      entries.put(key, new EnvEntry.ModelEntry(key, "model '" + key + "'", spec));
      return this;
    }

    /**
     * The environment that {@code LLM_*} names and conventional variables ({@code OPENAI_API_KEY},
     * …) are read from. The process environment by default; tests pass a map.
     */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
      return this;
    }

    /**
     * Reads every {@code LLM_*} variable at {@link #build()} and reports every malformed one,
     * skipping (with an {@code INFO} line naming the variable only) those that are plainly other
     * tools' ({@link EnvLoader#scanAll()}).
     */
    public Builder loadEnvEagerly() {
      this.eagerEnv = true;
      return this;
    }

    /**
     * When a failing target is benched and for how long; {@link HealthPolicy#DEFAULT} unless set.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder healthPolicy(HealthPolicy value) {
      this.healthPolicy = Objects.requireNonNull(value, "healthPolicy");
      return this;
    }

    /**
     * Shares what this registry learns about its targets' health (failures, benches, rate limits,
     * recoveries) with the other instances of the service, so that an outage one instance sees
     * benches the target on all of them; none unless set (health is then local to this registry).
     * The registry starts it when built ({@link SharedHealth#start}) and closes it in {@link
     * Registry#close()}: it belongs to the registry from then on.
     *
     * <p>"Is this target benched?" stays a local read on every call. The registry reports to the
     * shared health inline, on the calling thread, after a counted failure, a {@code 429} with a
     * {@code Retry-After}, and the first success of a target with failures on record (never after a
     * success of a healthy one), so an implementation must return at once and do its I/O on its own
     * threads, as {@link SharedHealth} requires. One that throws is logged (once at {@code
     * WARNING}) and ignored: no call fails because of it. See {@code docs/scaling-out.md}.
     *
     * @param value the shared health
     * @return this builder
     */
    public Builder sharedHealth(SharedHealth value) {
      this.sharedHealth = Objects.requireNonNull(value, "sharedHealth");
      return this;
    }

    /**
     * How chains retry and fail over; {@link FailoverPolicy#DEFAULT} unless set.
     *
     * @param value the policy
     * @return this builder
     */
    public Builder failoverPolicy(FailoverPolicy value) {
      this.policy = Objects.requireNonNull(value, "failoverPolicy");
      return this;
    }

    /** Replaces the failover policy's error classifier (which may delegate to the default). */
    public Builder classifier(ErrorClassifier value) {
      this.classifier = Objects.requireNonNull(value, "classifier");
      return this;
    }

    /**
     * Observes every chain of the registry at work; none unless set.
     *
     * @param value the listener
     * @return this builder
     */
    public Builder listener(ChainListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Observes every assistant call, attempt, tool execution and chain event of the registry, as a
     * tracing or metrics integration does ({@code MajordomoTelemetry.create(openTelemetry)}); adds
     * to the observers given before, which are told in the order given, after the {@link
     * #listener}.
     *
     * @param value the observer
     * @return this builder
     */
    public Builder observer(Observer value) {
      observers.add(Objects.requireNonNull(value, "observer"));
      return this;
    }

    /** The clock for health cooldowns, backoff and deadlines; a fake one in tests. */
    public Builder time(TimeSource value) {
      this.time = Objects.requireNonNull(value, "time");
      return this;
    }

    /**
     * The HTTP client every provider of this registry shares. By default one is created on first
     * use, with a dispatcher sized for concurrent calls (256 requests, 64 per host); plain-HTTP
     * models then get a cleartext-only variant of it (same dispatcher and pool), which spares a
     * process that never speaks TLS the JDK's TLS set-up. Model calls never follow redirects: a
     * client given here that would follow them is used through one derived from it with {@code
     * followRedirects(false)} and {@code followSslRedirects(false)} (same pool, dispatcher and
     * interceptors); a redirect is an error of the target (see {@code docs/providers.md}).
     */
    public Builder httpClient(OkHttpClient value) {
      this.httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /**
     * Bounds on response and stream line sizes, images, tool output, tool rounds and the time of
     * one HTTP call; {@link Limits#DEFAULTS} unless set.
     */
    public Builder limits(Limits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /**
     * Where assistants keep their conversations (their builder may name another store); by default
     * one {@link InMemoryConversationStore} per registry, created on first use.
     */
    public Builder conversationStore(ConversationStore value) {
      this.conversationStore = Objects.requireNonNull(value, "conversationStore");
      return this;
    }

    /**
     * How much of a conversation a call sends when neither the assistant's builder nor its
     * {@code @Llm(maxHistoryMessages, maxHistoryTokens)} says; {@link MemoryPolicy#DEFAULT} unless
     * set.
     */
    public Builder memoryPolicy(MemoryPolicy value) {
      this.memoryPolicy = Objects.requireNonNull(value, "memoryPolicy");
      return this;
    }

    /**
     * Builds the registry.
     *
     * @throws ConfigException when a model DSN or alias given here, or (with {@link
     *     #loadEnvEagerly()}) any {@code LLM_*} variable, is malformed
     */
    public Registry build() {
      if (discover) {
        discoverProviders();
      }
      Map<String, EnvEntry> all = new LinkedHashMap<>(entries);
      pendingAliases.forEach(
          (name, chain) -> all.put(name, parse(name, "alias '" + name + "'", chain)));
      pendingModels.forEach((name, dsn) -> all.put(name, parse(name, "model '" + name + "'", dsn)));
      Registry registry = new Registry(this, all);
      // Started only once the registry is complete: a build that fails starts nothing.
      registry.health.startSharing();
      return registry;
    }

    private EnvEntry parse(String name, String label, String value) {
      return Dsn.parse(name, label, value, this::parameterKeys);
    }

    private Set<String> parameterKeys(String scheme) {
      Provider provider = providers.get(scheme);
      return provider == null ? Set.of() : provider.parameterKeys();
    }

    private void discoverProviders() {
      ClassLoader loader = Registry.class.getClassLoader();
      try {
        for (Provider provider : ServiceLoader.load(Provider.class, loader)) {
          providers.putIfAbsent(normalScheme(provider.scheme()), provider);
        }
      } catch (ServiceConfigurationError e) {
        throw new MajordomoException("a provider on the class path failed to load: " + e, e);
      }
    }

    private static String normalScheme(String scheme) {
      Objects.requireNonNull(scheme, "scheme");
      return SchemeGrammar.requireScheme(scheme, "provider scheme");
    }

    private static String checkedName(String name) {
      Objects.requireNonNull(name, "name");
      List<dev.majordomo.chain.ChainElement> parsed;
      try {
        parsed = ChainSyntax.parse(name);
      } catch (dev.majordomo.chain.ChainSyntaxException e) {
        throw new IllegalArgumentException("not a valid name: " + e.getMessage(), e);
      }
      if (parsed.size() != 1 || !(parsed.get(0) instanceof dev.majordomo.chain.ChainElement.Name)) {
        throw new IllegalArgumentException(
            "not a valid name: '"
                + name
                + "' (a name is a letter followed by letters, digits, _-.)");
      }
      return parsed.get(0).toString();
    }
  }
}
