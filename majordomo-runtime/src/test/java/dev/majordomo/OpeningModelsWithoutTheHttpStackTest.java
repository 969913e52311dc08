package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Opening a model is what start-up checks do (a Spring Boot application resolves every configured
 * chain as it starts): it checks the model's settings but leaves OkHttp, okio, Kotlin's standard
 * library and the JDK's Unicode tables for the first call, and the model's working parts (its
 * transport, codec and error mapping) too. Checked in a class loader of its own, since this JVM has
 * long loaded them all.
 */
class OpeningModelsWithoutTheHttpStackTest {

  /** Classes that only initializing OkHttp's URLs, headers or media types would load. */
  private static final List<String> HTTP_STACK =
      List.of(
          "okhttp3.HttpUrl$Companion",
          "okhttp3.Headers$Companion",
          "okhttp3.MediaType$Companion",
          "okhttp3.internal.idn.IdnaMappingTable",
          "okio.Buffer",
          "kotlin.collections.CollectionsKt",
          "kotlin.text.StringsKt");

  /** A model's working parts, built on its first call (each was loaded when opening built it). */
  private static final List<String> MODEL_PARTS =
      List.of(
          "dev.majordomo.internal.http.HttpTransport",
          "dev.majordomo.internal.http.HttpFailures",
          "dev.majordomo.internal.http.RefusedParameters",
          "dev.majordomo.provider.openai.ChatCompletionsModel",
          "dev.majordomo.provider.openai.ChatCompletionsCodec",
          "dev.majordomo.provider.openai.ChatCompletionsErrors",
          "dev.majordomo.provider.openai.ResponsesModel");

  /** Runs in the class loader of its own: opens a model of each kind. */
  public static final class OpenEveryKind implements Supplier<List<String>> {
    @Override
    public List<String> get() {
      Registry registry =
          Registry.builder()
              .env(Map.of())
              .model("chat", "openai://tok@127.0.0.1:9/gpt?tls=false")
              .model("responses", "openai://tok@Example.COM/gpt?api=responses")
              .model("claude", "anthropic://key@127.0.0.1:9/claude-x?tls=false")
              .model("local", "ollama://localhost:9/qwen")
              .alias("all", "chat,responses,claude,local")
              .build();
      List<String> targets = new ArrayList<>();
      registry.chain("all").targets().forEach(target -> targets.add(target.toString()));
      return targets;
    }
  }

  private static final class Isolated extends URLClassLoader {
    Isolated(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void opensEveryProvidersModelWithoutInitializingOkHttp() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(url(entry));
    }
    try (Isolated loader = new Isolated(urls.toArray(URL[]::new))) {
      Class<?> type = Class.forName(OpenEveryKind.class.getName(), true, loader);
      List<String> targets =
          ((Supplier<List<String>>) type.getDeclaredConstructor().newInstance()).get();

      assertThat(targets).hasSize(4);
      // The settings were read and checked...
      assertThat(loader.loaded("dev.majordomo.internal.http.ModelSpecReader")).isTrue();
      assertThat(loader.loaded("dev.majordomo.internal.http.DeferredModel")).isTrue();
      // ...and nothing was built.
      assertThat(HTTP_STACK).allSatisfy(name -> assertThat(loader.loaded(name)).as(name).isFalse());
      assertThat(MODEL_PARTS)
          .allSatisfy(name -> assertThat(loader.loaded(name)).as(name).isFalse());
    }
  }

  private static URL url(String entry) {
    try {
      return new File(entry).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
