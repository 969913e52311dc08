package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.foreman.ForemanProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model calls never follow a redirect: following one would carry the API key (Anthropic's {@code
 * x-api-key}, every extra header), the whole prompt (a 307/308 resends the body) and possibly a
 * downgrade to plain HTTP to wherever {@code Location} says. Two servers per case: the target
 * answers with a redirect to the second, which must receive nothing; the error names the {@code
 * Location} host, never its path, query or the token.
 */
class RedirectTest {
  private static final String TOKEN = "sk-redirect-t0ken-abcdef";
  private static final String LEAK = "stolen-prompt-path";
  private static final String LEAK_QUERY = "leakedQuery=k3y";
  private static final OkHttpClient USER_CLIENT = new OkHttpClient();

  /** The four HTTP providers: scheme, model and the query their DSN needs for plain HTTP. */
  enum Scheme {
    OPENAI("openai", "gpt-4o-mini", "?tls=false", new OpenAiProvider()),
    ANTHROPIC("anthropic", "claude-sonnet-4-5", "?tls=false", new AnthropicProvider()),
    OLLAMA("ollama", "llama3.2", "", new OllamaProvider()),
    FOREMAN("foreman", "qwen3-32b", "?tls=false", new ForemanProvider());

    final String scheme;
    final String model;
    final String query;
    final Provider provider;

    Scheme(String scheme, String model, String query, Provider provider) {
      this.scheme = scheme;
      this.model = model;
      this.query = query;
      this.provider = provider;
    }

    String dsn(LoopbackServer server) {
      // 127.0.0.1 here and "localhost" in Location: two host names, as OkHttp compares them.
      return scheme + "://" + TOKEN + "@127.0.0.1:" + server.port() + "/" + model + query;
    }
  }

  @AfterAll
  static void closeClient() {
    USER_CLIENT.dispatcher().executorService().shutdown();
    USER_CLIENT.connectionPool().evictAll();
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Scheme scheme : Scheme.values()) {
      for (boolean stream : new boolean[] {false, true}) {
        for (int status : new int[] {301, 302, 303, 307, 308}) {
          all.add(Arguments.of(scheme, stream, status, false));
        }
        all.add(Arguments.of(scheme, stream, 307, true));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "[{index}] {0} stream={1} HTTP {2} userClient={3}")
  @MethodSource("cases")
  void aRedirectToAnotherHostIsNotFollowed(
      Scheme scheme, boolean stream, int status, boolean userClient) {
    try (LoopbackServer elsewhere =
            new LoopbackServer(request -> new MockResponse.Builder().code(500).build());
        LoopbackServer target =
            new LoopbackServer(
                request -> redirect(status, "http://localhost:" + elsewhere.port() + "/" + LEAK))) {
      Registry.Builder builder =
          Registry.builder()
              .env(Map.of("LLM_M", scheme.dsn(target)))
              .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0));
      if (userClient) {
        builder.httpClient(USER_CLIENT);
      }
      Registry registry = builder.build();

      Throwable thrown = catchThrowable(() -> callOrStream(registry.model("m"), stream));

      assertThat(elsewhere.requests).as("requests that reached the other host").isEmpty();
      assertThat(target.requests).hasSize(1);
      LlmException e = onlyFailure(thrown);
      assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(e.status()).hasValue(status);
      assertThat(e.getMessage())
          .contains("HTTP " + status)
          .contains("redirect to another host (localhost)")
          .contains("not followed");
      assertNothingLeaks(thrown);
    }
  }

  static Stream<Arguments> sameHost() {
    List<Arguments> all = new ArrayList<>();
    for (Scheme scheme : Scheme.values()) {
      for (boolean stream : new boolean[] {false, true}) {
        all.add(Arguments.of(scheme, stream));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "[{index}] {0} stream={1}")
  @MethodSource("sameHost")
  void aRedirectOnTheSameHostIsNotFollowedEither(Scheme scheme, boolean stream) {
    try (LoopbackServer target = new LoopbackServer(request -> redirect(308, "/" + LEAK))) {
      Registry registry =
          Registry.builder()
              .env(Map.of("LLM_M", scheme.dsn(target)))
              .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
              .build();

      Throwable thrown = catchThrowable(() -> callOrStream(registry.model("m"), stream));

      assertThat(target.requests).hasSize(1);
      LlmException e = onlyFailure(thrown);
      assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertThat(e.getMessage()).contains("HTTP 308").contains("redirect on the same host");
      assertNothingLeaks(thrown);
    }
  }

  /** A provider given a client that follows redirects (a custom context): still not followed. */
  @ParameterizedTest(name = "[{index}] {0} stream={1}")
  @MethodSource("sameHost")
  void aProviderDoesNotFollowEvenOnAClientThatWould(Scheme scheme, boolean stream) {
    try (LoopbackServer elsewhere =
            new LoopbackServer(request -> new MockResponse.Builder().code(500).build());
        LoopbackServer target =
            new LoopbackServer(
                request -> redirect(307, "http://localhost:" + elsewhere.port() + "/" + LEAK))) {
      EnvEntry.ModelEntry entry =
          (EnvEntry.ModelEntry)
              Dsn.parse("LLM_M", scheme.dsn(target), s -> scheme.provider.parameterKeys());
      Model model =
          scheme.provider.open(
              entry.spec(), new TestProviderContext(Map.of(), TimeSource.SYSTEM, USER_CLIENT));

      Throwable thrown = catchThrowable(() -> callOrStream(model, stream));

      assertThat(USER_CLIENT.followRedirects()).isTrue();
      assertThat(elsewhere.requests).isEmpty();
      assertThat(target.requests).hasSize(1);
      assertThat(thrown).isInstanceOf(LlmException.class);
      assertThat(((LlmException) thrown).kind()).isEqualTo(ErrorKind.NOT_FOUND);
      assertNothingLeaks(thrown);
    }
  }

  /** The transport a provider author uses, with and without a timeout: no redirect either. */
  @org.junit.jupiter.api.Test
  void callsThroughTheTransportFollowNoRedirect() throws Exception {
    try (LoopbackServer elsewhere =
            new LoopbackServer(request -> new MockResponse.Builder().code(500).build());
        LoopbackServer target =
            new LoopbackServer(
                request -> redirect(307, "http://localhost:" + elsewhere.port() + "/" + LEAK))) {
      okhttp3.Request request =
          new okhttp3.Request.Builder()
              .url("http://127.0.0.1:" + target.port() + "/v1/chat/completions")
              .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json")))
              .build();

      dev.majordomo.internal.http.HttpTransport transport =
          dev.majordomo.internal.http.HttpTransport.builder(
                  new dev.majordomo.llm.Target("t", "127.0.0.1", target.port(), "m"))
              .build();
      for (java.time.Duration timeout :
          new java.time.Duration[] {null, java.time.Duration.ofMinutes(1)}) {
        Throwable thrown =
            catchThrowable(() -> transport.executeJson(USER_CLIENT, request, timeout, "the reply"));
        assertThat(thrown).isInstanceOf(LlmException.class);
        assertThat(((LlmException) thrown).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(((LlmException) thrown).status()).hasValue(307);
      }
      assertThat(elsewhere.requests).isEmpty();
      assertThat(target.requests).hasSize(2);
    }
  }

  private static MockResponse redirect(int status, String location) {
    String separator = location.contains("?") ? "&" : "?";
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Location", location + separator + LEAK_QUERY)
        // A redirect's body conventionally repeats the URL: it must not reach an excerpt either.
        .body("<a href=\"" + location + "\">" + LEAK + "</a> " + TOKEN)
        .build();
  }

  private static void callOrStream(Model model, boolean stream) {
    Request request = Request.of(Message.user("a prompt that must stay here"));
    if (stream) {
      try (ResponseStream s = model.stream(request)) {
        while (s.hasNext()) {
          s.next();
        }
      }
    } else {
      model.call(request);
    }
  }

  private static LlmException onlyFailure(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ChainExhaustedException.class);
    List<Attempt> attempts = ((ChainExhaustedException) thrown).attempts();
    assertThat(attempts).hasSize(1);
    assertThat(attempts.get(0).outcome()).isEqualTo(Attempt.Outcome.FAILED);
    assertThat(attempts.get(0).errorKind()).isEqualTo(ErrorKind.NOT_FOUND);
    return (LlmException) attempts.get(0).error();
  }

  /** Neither the Location's path or query, nor the token, in any message, excerpt or cause. */
  private static void assertNothingLeaks(Throwable thrown) {
    StringBuilder all = new StringBuilder();
    List<Throwable> todo = new ArrayList<>(List.of(thrown));
    Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(0);
      if (!seen.add(t)) {
        continue;
      }
      all.append(t).append('\n').append(t.getMessage()).append('\n');
      if (t instanceof LlmException e) {
        e.bodyExcerpt().ifPresent(x -> all.append(x).append('\n'));
      }
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
    }
    if (thrown instanceof ChainExhaustedException c) {
      c.attempts().forEach(a -> all.append(a).append('\n'));
    }
    assertThat(all.toString().toLowerCase(Locale.ROOT))
        .doesNotContain(LEAK.toLowerCase(Locale.ROOT))
        .doesNotContain("leakedquery")
        .doesNotContain("k3y")
        .doesNotContain("t0ken");
  }
}
