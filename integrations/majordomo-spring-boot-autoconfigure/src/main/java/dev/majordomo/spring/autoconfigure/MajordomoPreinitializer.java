package dev.majordomo.spring.autoconfigure;

import dev.majordomo.AssistantIndex;
import dev.majordomo.Assistants;
import dev.majordomo.IndexedAssistant;
import dev.majordomo.Registry;
import dev.majordomo.internal.assistant.AssistantRuntime;
import dev.majordomo.internal.assistant.CallPrompt;
import dev.majordomo.internal.assistant.ConversationMemory;
import dev.majordomo.internal.assistant.GeneratedTool;
import dev.majordomo.internal.assistant.Json;
import dev.majordomo.internal.assistant.MethodPlan;
import dev.majordomo.internal.assistant.ReplyDecoder;
import dev.majordomo.internal.grammar.GeneratedClassNames;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.memory.InMemoryConversationStore;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.NativeDetector;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads the classes the registry and the assistant beans need on a thread of its own, from the
 * moment the environment is ready, while the main thread reads the configuration and parses the
 * configuration classes: by the time the context creates the registry bean, most of Majordomo's
 * classes are loaded and the main thread only uses them. Spring Boot's own {@code
 * BackgroundPreinitializer} does the same for its classes, and this one follows its switches: off
 * with the system property {@value #IGNORE_PROPERTY}, in a native image and on a single processor.
 *
 * <p>It only loads: it calls no model, creates no provider of the application's, no tool and no
 * assistant, and what it loads is what the main thread and the start-up check would load anyway.
 * Nothing waits for it, and what goes wrong in it is left for the main thread to find (and report)
 * where it does that work for real. It runs once per JVM, and not at all when the application
 * excludes {@link MajordomoAutoConfiguration}.
 */
final class MajordomoPreinitializer
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
  /** Spring Boot's switch for its background pre-initialization, honoured here too. */
  static final String IGNORE_PROPERTY = "spring.backgroundpreinitializer.ignore";

  /** Spelled out: naming the class would load it on the main thread, before it is needed. */
  static final String AUTO_CONFIGURATION =
      "dev.majordomo.spring.autoconfigure.MajordomoAutoConfiguration";

  private static final AtomicBoolean STARTED = new AtomicBoolean();

  @Override
  public int getOrder() {
    // Right after Spring Boot has read the configuration files (an exclusion may be in one), and
    // before it sets up logging: as early as the environment allows.
    return Ordered.HIGHEST_PRECEDENCE + 11;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    if (!enabled(event.getEnvironment(), Runtime.getRuntime().availableProcessors())
        || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread thread =
        new Thread(
            new Preloading(MajordomoPreinitializer.class.getClassLoader()), "majordomo-preinit");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Whether to load the classes in the background: not when Spring Boot's switch is off, in a
   * native image, on a single processor, or when the application excludes Majordomo's
   * auto-configuration.
   */
  static boolean enabled(ConfigurableEnvironment environment, int processors) {
    if (Boolean.getBoolean(IGNORE_PROPERTY) || NativeDetector.inNativeImage() || processors <= 1) {
      return false;
    }
    String[] exclude;
    try {
      exclude =
          Binder.get(environment)
              .bind("spring.autoconfigure.exclude", String[].class)
              .orElse(new String[0]);
    } catch (RuntimeException malformed) {
      // Spring Boot reports it where it reads the exclusions: not this listener's to fail.
      return false;
    }
    return !Arrays.asList(exclude).contains(AUTO_CONFIGURATION);
  }

  /**
   * Loads, in the order the main thread needs them: the registry's classes, then the assistants'.
   *
   * @return what stopped it, or {@code null} when everything was loaded
   */
  static Throwable preinitialize(ClassLoader loader) {
    try {
      // The starter's own classes, as the context reaches them: the properties, then the beans.
      for (Class<?> nested : MajordomoProperties.class.getDeclaredClasses()) {
        Class.forName(nested.getName(), false, loader);
      }
      for (Class<?> type :
          List.of(
              OnStoreTypeCondition.class,
              ConditionalOnStoreType.class,
              MajordomoAutoConfiguration.InMemoryStoreConfiguration.class,
              JdbcConversationStoreConfiguration.class,
              MissingJdbcStoreConfiguration.class,
              MissingRedisStoreConfiguration.class,
              MajordomoRegistryCustomizer.class,
              AssistantBeanRegistrar.class,
              AssistantBeanRegistrar.Creation.class,
              ConfiguredChainCheck.class,
              ConfiguredChainCheck.Resolution.class,
              RegistryAssembly.class,
              RegistryAssembly.Mode.class)) {
        // Loaded, not initialized: a configuration may name classes of an optional module that
        // is not on the class path, which only its conditions may look at.
        Class.forName(type.getName(), false, loader);
      }
      // The System.Logger bootstrap looks the LoggerFinder service up in every jar.
      System.getLogger(Registry.class.getName()).isLoggable(System.Logger.Level.DEBUG);
      // A registry of the runtime's own providers, no variable, and a model of each that is
      // opened below but never called: nothing is started or connected (a model builds its HTTP
      // client on its first call). It loads the classes of a registry and of its DSNs.
      Registry preinitialized =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(new OpenAiProvider())
              .provider(new OllamaProvider())
              .env(Map.of())
              .model("remote", "openai://preinitialized@127.0.0.1:9/model?tls=false")
              .model("local", "ollama://127.0.0.1:9/model")
              .alias("both", "remote,local")
              .build();
      // The other providers' classes, loaded but not created: the registry creates them.
      for (ServiceLoader.Provider<Provider> provider :
          ServiceLoader.load(Provider.class, loader).stream().toList()) {
        provider.type();
      }
      for (Class<?> type :
          List.of(
              Assistants.class,
              Assistants.Builder.class,
              InMemoryConversationStore.class,
              AssistantRuntime.class,
              ConversationMemory.class,
              MethodPlan.class,
              CallPrompt.class,
              ReplyDecoder.class,
              Json.class,
              GeneratedTool.class,
              Toolbox.class)) {
        // The runtime's own classes that every assistant uses; their static state is plain.
        Class.forName(type.getName(), true, loader);
      }
      for (IndexedAssistant assistant : AssistantIndex.load(loader)) {
        // Loaded, not initialized: a generated class's static state is the main thread's to build
        // (and its failure the main thread's to report).
        Class.forName(
            GeneratedClassNames.qualifiedName(assistant.interfaceClass(loader)), false, loader);
      }
      // Last, as the start-up check needs them last: the classes of opening a model (each
      // provider's model and its checks; OkHttp waits for a model's first call).
      preinitialized.chain("both");
      return null;
    } catch (Exception | LinkageError e) {
      // The main thread does all of this again, and reports what fails where it matters.
      return e;
    }
  }

  /** The thread's work (a class rather than a lambda: one class spun at start-up fewer). */
  private record Preloading(ClassLoader loader) implements Runnable {
    @Override
    public void run() {
      preinitialize(loader);
    }
  }
}
