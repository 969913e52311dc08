package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.Registry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fake provider lives in majordomo-testing only, so a production class path (which does not
 * hold that test-scope artifact) can never resolve {@code fake/…}.
 */
class FakeNeverInProductionTest {
  private static final String SERVICE_FILE = "META-INF/services/dev.majordomo.llm.Provider";

  @Test
  void theRuntimesServiceFileListsTheRealProvidersAndNoFake() throws Exception {
    List<String> providers = serviceEntries(codeSource(Registry.class));

    assertThat(providers)
        .containsExactlyInAnyOrder(
            "dev.majordomo.provider.openai.OpenAiProvider",
            "dev.majordomo.provider.anthropic.AnthropicProvider",
            "dev.majordomo.provider.ollama.OllamaProvider",
            "dev.majordomo.provider.foreman.ForemanProvider",
            "dev.majordomo.provider.compatible.GeminiProvider",
            "dev.majordomo.provider.compatible.MistralProvider",
            "dev.majordomo.provider.compatible.GroqProvider",
            "dev.majordomo.provider.compatible.DeepSeekProvider",
            "dev.majordomo.provider.compatible.OpenRouterProvider",
            "dev.majordomo.provider.compatible.VllmProvider",
            "dev.majordomo.provider.compatible.LmStudioProvider",
            "dev.majordomo.provider.compatible.LlamaCppProvider")
        .noneMatch(p -> p.toLowerCase(java.util.Locale.ROOT).contains("fake"));
  }

  @Test
  void theTestingArtifactsServiceFileListsTheFakeProvider() throws Exception {
    assertThat(serviceEntries(codeSource(FakeProvider.class)))
        .containsExactly(FakeProvider.class.getName());
  }

  @Test
  void aRegistryOnAClassPathWithoutTheTestingArtifactCannotResolveFake() throws Exception {
    try (URLClassLoader production = classPath(false)) {
      Object registry = discoveringRegistry(production);

      // The real providers are found on that class path (resolving opens no connection).
      assertThat(resolve(registry, "ollama/llama3.2")).isNull();
      Throwable error = resolve(registry, "fake/x");
      assertThat(error.getClass().getName())
          .isEqualTo("dev.majordomo.chain.ChainResolutionException");
      assertThat(error)
          .hasMessageContaining("no provider is registered for scheme 'fake'")
          .hasMessageContaining("dev.majordomo:majordomo-testing");
    }
  }

  /** The control: the same isolated registry finds the fake once the testing artifact is there. */
  @Test
  void theSameRegistryWithTheTestingArtifactResolvesFake() throws Exception {
    try (URLClassLoader test = classPath(true)) {
      Object registry = discoveringRegistry(test);

      assertThat(resolve(registry, "ollama/llama3.2")).isNull();
      assertThat(resolve(registry, "fake/x")).isNull();
    }
  }

  /**
   * This JVM's class path, with or without majordomo-testing, in a loader that does not delegate to
   * the one that loaded this test (whose class path holds the testing artifact).
   */
  private static URLClassLoader classPath(boolean withTesting) throws Exception {
    Path testing = codeSource(FakeProvider.class);
    List<URL> urls = new ArrayList<>();
    boolean removed = false;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      if (!withTesting && path.equals(testing)) {
        removed = true;
        continue;
      }
      urls.add(path.toUri().toURL());
    }
    assertThat(withTesting || removed).as("majordomo-testing is on the test class path").isTrue();
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** {@code Registry.builder().env(Map.of()).build()} as loaded by {@code loader}. */
  private static Object discoveringRegistry(ClassLoader loader) throws Exception {
    Class<?> registry = Class.forName("dev.majordomo.Registry", true, loader);
    assertThat(registry).isNotSameAs(Registry.class);
    Object builder = registry.getMethod("builder").invoke(null);
    builder = builder.getClass().getMethod("env", Map.class).invoke(builder, Map.of());
    return builder.getClass().getMethod("build").invoke(builder);
  }

  /** What {@code registry.chain(chain)} throws, or null when it resolves. */
  private static Throwable resolve(Object registry, String chain) throws Exception {
    Method method = registry.getClass().getMethod("chain", String.class);
    Throwable thrown = catchThrowable(() -> method.invoke(registry, chain));
    if (thrown instanceof InvocationTargetException e) {
      return e.getCause();
    }
    if (thrown != null) {
      throw new AssertionError("reflection failed", thrown);
    }
    return null;
  }

  /** The jar or directory a class was loaded from. */
  private static Path codeSource(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toAbsolutePath()
        .normalize();
  }

  /** The provider class names in the service file of a jar or a classes directory. */
  private static List<String> serviceEntries(Path location) throws IOException, URISyntaxException {
    String text;
    if (Files.isDirectory(location)) {
      text = Files.readString(location.resolve(SERVICE_FILE));
    } else {
      URL url = new URI("jar:" + location.toUri() + "!/" + SERVICE_FILE).toURL();
      try (InputStream in = url.openStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
