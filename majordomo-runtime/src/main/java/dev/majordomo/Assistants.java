package dev.majordomo;

import dev.majordomo.chain.ChainListener;
import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.internal.assistant.ConversationMemory;
import dev.majordomo.internal.assistant.ToolSources;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ToolSource;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.observation.Observer;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Creates assistants: instances of interfaces annotated with {@code @Llm}, implemented by the class
 * the annotation processor generated at compile time.
 *
 * <pre>{@code
 * TravelAgent agent = Assistants.create(TravelAgent.class);
 *
 * TravelAgent custom = Assistants.builder(TravelAgent.class)
 *     .registry(registry)
 *     .tools(new WeatherTools(weatherService))
 *     .listener(event -> metrics.record(event))
 *     .conversationStore(store)
 *     .build();
 * }</pre>
 *
 * <p>An assistant is thread-safe and cheap to call; create it once and share it.
 */
public final class Assistants {
  private static final LazyRegistry DEFAULT_REGISTRY =
      new LazyRegistry(() -> Registry.builder().build());

  private Assistants() {}

  /**
   * An assistant on the shared default registry: {@code Registry.builder().build()}, created on
   * first use, with providers found on the class path and models from the process environment
   * ({@code LLM_<NAME>} variables, {@code OPENAI_API_KEY}, …).
   *
   * @throws MajordomoException when the processor did not generate an implementation for {@code
   *     type}; the message says how to enable it
   */
  public static <T> T create(Class<T> type) {
    return builder(type).build();
  }

  /** An assistant whose chains resolve against {@code registry}. */
  public static <T> T create(Class<T> type, Registry registry) {
    return builder(type).registry(registry).build();
  }

  /** A builder for an assistant with its own registry, tool instances, listener or executor. */
  public static <T> Builder<T> builder(Class<T> type) {
    return new Builder<>(type);
  }

  static Registry defaultRegistry() {
    return DEFAULT_REGISTRY.get();
  }

  /** Configures one assistant. Not thread-safe; the assistant it builds is. */
  public static final class Builder<T> {
    private final Class<T> type;
    private Registry registry;
    private final List<Object> tools = new ArrayList<>();
    private ChainListener listener;
    private final List<Observer> observers = new ArrayList<>();
    private Executor executor;
    private ConversationStore conversationStore;
    private MemoryPolicy memoryPolicy;
    private String conversationNamespace;
    private final Map<String, ToolSource> toolSources = new LinkedHashMap<>();

    private Builder(Class<T> type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /** The registry the assistant's chains resolve against (default: the shared one). */
    public Builder<T> registry(Registry value) {
      this.registry = Objects.requireNonNull(value, "registry");
      return this;
    }

    /**
     * Tool objects to use instead of constructing the tool classes named in {@code @Llm(tools =
     * …)}: an instance serves its class and its superclasses. Needed for a tool class without a
     * public no-argument constructor. Adds to the instances given before.
     */
    public Builder<T> tools(Object... instances) {
      for (Object instance : instances) {
        tools.add(Objects.requireNonNull(instance, "tool instance"));
      }
      return this;
    }

    /**
     * Receives the chain events (attempts, failures, retries, skips, benches) of this assistant's
     * calls, in addition to the registry's own listener.
     */
    public Builder<T> listener(ChainListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /**
     * Observes this assistant's calls, attempts and tool executions, in addition to the registry's
     * own observers (a tracing or metrics integration: {@code
     * MajordomoTelemetry.create(openTelemetry)}); adds to the observers given before.
     */
    public Builder<T> observer(Observer value) {
      observers.add(Objects.requireNonNull(value, "observer"));
      return this;
    }

    /**
     * Runs asynchronous calls and concurrent tool calls (default: a shared pool of daemon threads).
     */
    public Builder<T> executor(Executor value) {
      this.executor = Objects.requireNonNull(value, "executor");
      return this;
    }

    /**
     * Where the assistant keeps its conversations (its {@code @MemoryId} methods); default: the
     * registry's {@linkplain Registry#conversationStore() store}.
     */
    public Builder<T> conversationStore(ConversationStore value) {
      this.conversationStore = Objects.requireNonNull(value, "conversationStore");
      return this;
    }

    /**
     * How much of a conversation each call sends, for the limits that the method's or the
     * interface's {@code @Llm} does not set; default: the registry's {@linkplain
     * Registry#memoryPolicy() policy}.
     */
    public Builder<T> memoryPolicy(MemoryPolicy value) {
      this.memoryPolicy = Objects.requireNonNull(value, "memoryPolicy");
      return this;
    }

    /**
     * The prefix of the assistant's conversation keys ({@code namespace + "/" + id}); default: the
     * interface's binary name, such as {@code com.acme.SupportDesk}. Two assistants share a
     * conversation only when they share a store and a namespace; set it to keep the history of an
     * interface that was renamed or moved.
     *
     * @throws IllegalArgumentException when {@code value} is blank or contains {@code "/"}
     */
    public Builder<T> conversationNamespace(String value) {
      this.conversationNamespace = ConversationMemory.checkNamespace(value);
      return this;
    }

    /**
     * Adds a source of tools found at run time for this assistant only, under its {@linkplain
     * ToolSource#name() name}: it serves the methods that name it in {@code @Llm(toolSources = …)},
     * instead of a registry's source of the same name. The caller keeps owning it and closes it,
     * unless the assistant interface extends {@link AutoCloseable}: the assistant's {@code close()}
     * then closes the sources given here (never the registry's).
     *
     * @throws IllegalArgumentException when a source of the same name was given before
     */
    public Builder<T> toolSource(ToolSource source) {
      Objects.requireNonNull(source, "toolSource");
      String name = Objects.requireNonNull(source.name(), "toolSource.name()");
      if (toolSources.putIfAbsent(name, source) != null) {
        throw new IllegalArgumentException(
            "a tool source named '" + name + "' was already given to this assistant builder");
      }
      return this;
    }

    /**
     * The assistant.
     *
     * @throws MajordomoException when the processor did not generate an implementation for the
     *     interface (the message says how to enable it), or the generated constructor fails (for
     *     example a tool class that cannot be created)
     * @throws ToolSourceException when a method names in {@code @Llm(toolSources)} a source that
     *     neither this builder nor the registry has
     */
    public T build() {
      Constructor<?> constructor = GeneratedAssistants.constructor(type);
      Registry r = registry != null ? registry : defaultRegistry();
      Observer own = Observer.all(observers.toArray(new Observer[0]));
      Observer extra = listener == null ? own : Observer.all(Observer.of(listener), own);
      Function<String, Model> chains =
          extra == Observer.NONE ? r::chain : chain -> r.chain(chain).withObserver(extra);
      ConversationStore store = conversationStore;
      ConversationMemory memory =
          new ConversationMemory(
              store != null ? () -> store : r::conversationStore,
              memoryPolicy != null ? memoryPolicy : r.memoryPolicy(),
              conversationNamespace != null ? conversationNamespace : type.getName());
      AssistantRuntime runtime =
          new AssistantRuntime(
              type,
              chains,
              tools,
              executor,
              r.limits(),
              memory,
              Observer.all(r.observer(), own),
              toolSources.isEmpty() && r.toolSources().isEmpty()
                  ? ToolSources.NONE
                  : new ToolSources(r.toolSources(), toolSources.values()));
      return GeneratedAssistants.construct(type, constructor, runtime);
    }
  }
}
