package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.ConfigException;
import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.internal.config.Dsn;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.internal.config.EnvLoader;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.foreman.ForemanProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.testing.FakeProvider;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A canary token put through every way a token enters Majordomo (a DSN for each provider scheme,
 * {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY}, user info in a base URL variable or {@code
 * OLLAMA_HOST}) and through calls that succeed and fail (401 and 500 bodies, malformed bodies and
 * stream errors that echo the token back) never shows in an exception (messages, causes,
 * suppressed, stack traces), a {@code toString}, a listener event or a log line at any level. The
 * server does see it, in the right header: that proves each path was exercised.
 */
@Timeout(60)
class SecretsTest {
  /** The core that any leak, whole, partial or percent-encoded, would show. */
  private static final String CORE = "Zq7Xw9";

  /** The token: its "@" and ":" must be percent-encoded in a DSN. */
  private static final String CANARY = CORE + "-c@n:ary";

  private static final String ENCODED = CORE + "-c%40n%3Aary";

  private ScriptedServer scripted;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private Level rootLevel;
  private final Handler capture =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          StringBuilder line =
              new StringBuilder(record.getLoggerName())
                  .append(' ')
                  .append(formatter.formatMessage(record));
          if (record.getThrown() != null) {
            line.append('\n').append(stackTrace(record.getThrown()));
          }
          logLines.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() throws IOException {
    scripted = new ScriptedServer();
    // The default System.Logger backend is java.util.logging: capture every record at every level.
    rootLevel = root.getLevel();
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    root.setLevel(Level.ALL);
  }

  @AfterEach
  void stop() {
    root.removeHandler(capture);
    root.setLevel(rootLevel);
    scripted.close();
  }

  /** One way a token reaches a provider. */
  enum Path {
    OPENAI_DSN(
        ProviderBodies.OPENAI,
        "oa",
        s -> Map.of("LLM_OA", dsn("openai", s, "/gpt-4o-mini?tls=false"))),
    ANTHROPIC_DSN(
        ProviderBodies.ANTHROPIC,
        "an",
        s -> Map.of("LLM_AN", dsn("anthropic", s, "/claude-sonnet-4-5?tls=false"))),
    OLLAMA_DSN(ProviderBodies.OLLAMA, "ol", s -> Map.of("LLM_OL", dsn("ollama", s, "/llama3.2"))),
    FOREMAN_DSN(
        ProviderBodies.OPENAI, "fm", s -> Map.of("LLM_FM", dsn("foreman", s, "/m1?tls=false"))),
    OPENAI_API_KEY(
        ProviderBodies.OPENAI,
        "openai/gpt-4o-mini",
        s ->
            Map.of(
                "OPENAI_API_KEY",
                CANARY,
                "OPENAI_BASE_URL",
                "http://" + s.getHostName() + ":" + s.getPort() + "/v1")),
    ANTHROPIC_API_KEY(
        ProviderBodies.ANTHROPIC,
        "anthropic/claude-sonnet-4-5",
        s ->
            Map.of(
                "ANTHROPIC_API_KEY",
                CANARY,
                "ANTHROPIC_BASE_URL",
                "http://" + s.getHostName() + ":" + s.getPort()));

    final ProviderBodies wire;
    final String chain;
    final Function<mockwebserver3.MockWebServer, Map<String, String>> env;

    Path(
        ProviderBodies wire,
        String chain,
        Function<mockwebserver3.MockWebServer, Map<String, String>> env) {
      this.wire = wire;
      this.chain = chain;
      this.env = env;
    }

    private static String dsn(String scheme, mockwebserver3.MockWebServer s, String rest) {
      return scheme + "://" + ENCODED + "@" + s.getHostName() + ":" + s.getPort() + rest;
    }
  }

  /** What the server does with one call. */
  enum Scenario {
    SUCCESS,
    UNAUTHORIZED_ECHO,
    SERVER_ERROR_ECHO,
    MALFORMED_ECHO,
    STREAM_SUCCESS,
    STREAM_ERROR_ECHO,
    STREAM_MALFORMED_ECHO;

    boolean streams() {
      return name().startsWith("STREAM");
    }

    MockResponse response(ProviderBodies wire) {
      MockResponse.Builder r = new MockResponse.Builder();
      return switch (this) {
        case SUCCESS -> r.body(wire.reply("hello")).build();
        case STREAM_SUCCESS -> r.body(wire.stream("hello")).build();
        case UNAUTHORIZED_ECHO -> r.code(401).body(unauthorized(wire)).build();
        case SERVER_ERROR_ECHO ->
            r.code(500)
                .setHeader("Content-Type", "text/plain")
                .body("upstream rejected key " + CANARY + " (Bearer " + CANARY + ")")
                .build();
        case MALFORMED_ECHO -> r.body("{\"not json for " + CANARY).build();
        case STREAM_ERROR_ECHO -> r.body(streamError(wire)).build();
        case STREAM_MALFORMED_ECHO ->
            r.body(
                    wire == ProviderBodies.OLLAMA
                        ? "{oops " + CANARY + "\n"
                        : "data: {oops " + CANARY + "\n\n")
                .build();
      };
    }

    private static String unauthorized(ProviderBodies wire) {
      return switch (wire) {
        case OPENAI ->
            "{\"error\":{\"message\":\"Incorrect API key provided: "
                + CANARY
                + ".\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_api_key\"}}";
        case ANTHROPIC ->
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key "
                + CANARY
                + "\"}}";
        case OLLAMA -> "{\"error\":\"unauthorized: " + CANARY + "\"}";
      };
    }

    private static String streamError(ProviderBodies wire) {
      return switch (wire) {
        case OPENAI ->
            "data: {\"error\":{\"message\":\"overloaded for "
                + CANARY
                + "\",\"type\":\"server_error\"}}\n\n";
        case ANTHROPIC ->
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded "
                + CANARY
                + "\"}}\n\n";
        case OLLAMA -> "{\"error\":\"model crashed for " + CANARY + "\"}\n";
      };
    }
  }

  @ParameterizedTest
  @EnumSource(Path.class)
  void aTokenNeverShowsWhateverTheCallMeets(Path path) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(path.env.apply(scripted.server));
    Registry registry =
        Registry.builder()
            .env(env)
            .time(new FakeTimeSource())
            .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
            .listener(event -> seen.add(event.toString()))
            .loadEnvEagerly()
            .build();
    Chain chain = registry.chain(path.chain);
    show(registry, chain, chain.targets(), registry.health().toString());
    for (EnvEntry entry : new EnvLoader(env, scheme -> Set.of()).scanAll()) {
      show(entry, entry instanceof EnvEntry.ModelEntry m ? m.spec() : null);
    }

    for (Scenario scenario : Scenario.values()) {
      int before = scripted.calls().size();
      scripted.enqueue(scenario.response(path.wire));
      Request request = Request.of(Message.user("hi"));
      Object result;
      try {
        if (scenario.streams()) {
          List<StreamEvent> events = new ArrayList<>();
          try (ResponseStream stream = chain.stream(request)) {
            stream.forEachRemaining(events::add);
          }
          result = events;
        } else {
          Response response = chain.call(request);
          show(response.attempts(), response.answeredBy());
          result = response;
        }
        assertThat(scenario)
            .as("only the success scenarios succeed")
            .isIn(Scenario.SUCCESS, Scenario.STREAM_SUCCESS);
      } catch (MajordomoException e) {
        assertThat(scenario).isNotIn(Scenario.SUCCESS, Scenario.STREAM_SUCCESS);
        if (e instanceof ChainExhaustedException x) {
          x.attempts().stream().map(Attempt::toString).forEach(seen::add);
        }
        if (e instanceof LlmException l) {
          l.bodyExcerpt().ifPresent(seen::add);
        }
        result = stackTrace(e);
      }
      show(result);

      List<RecordedRequest> calls = scripted.calls();
      assertThat(calls).as(scenario + " reached the server").hasSize(before + 1);
      assertThat(calls.get(calls.size() - 1).getHeaders().get(path.wire.tokenHeader()))
          .as("the token is sent in " + path.wire.tokenHeader())
          .isEqualTo(path.wire.tokenHeaderValue(CANARY));
    }
    show(registry.health().snapshot());

    assertThat(logLines).as("the error paths log at DEBUG").anyMatch(l -> l.contains("HTTP 401"));
    assertNoCanary();
  }

  @Test
  void theProvidersOwnModelsNeverShowTheToken() {
    String host = scripted.server.getHostName();
    int port = scripted.server.getPort();
    Map<Provider, String> dsns =
        Map.of(
            new OpenAiProvider(), "openai://" + ENCODED + "@" + host + ":" + port + "/gpt-4o",
            new AnthropicProvider(), "anthropic://" + ENCODED + "@" + host + ":" + port + "/c",
            new OllamaProvider(), "ollama://" + ENCODED + "@" + host + ":" + port + "/l",
            new ForemanProvider(), "foreman://" + ENCODED + "@" + host + ":" + port + "/f");
    dsns.forEach(
        (provider, dsn) -> {
          EnvEntry.ModelEntry entry =
              (EnvEntry.ModelEntry) Dsn.parse("LLM_X", dsn, s -> provider.parameterKeys());
          assertThat(entry.spec().token().reveal()).isEqualTo(CANARY);
          Model model = provider.open(entry.spec(), new Context(new okhttp3.OkHttpClient()));
          show(entry, entry.spec(), entry.spec().token(), model, model.capabilities());
        });
    assertNoCanary();
  }

  @Test
  void theFakeProvidersRecordsNeverShowTheToken() {
    FakeProvider fake = new FakeProvider();
    fake.model("m").reply("hi").fail(401);
    Registry registry =
        Registry.builder()
            .withoutProviderDiscovery()
            .provider(fake)
            .env(Map.of("LLM_F", "fake://" + ENCODED + "@host/m"))
            .time(new FakeTimeSource())
            .listener(event -> seen.add(event.toString()))
            .build();
    Chain chain = registry.chain("f");
    show(chain.call(Request.of(Message.user("hi"))));
    show(stackTrace(catchThrowable(() -> chain.call(Request.of(Message.user("again"))))));
    show(fake.requests(), fake, fake.model("m"));
    assertThat(fake.requests()).hasSize(2);
    assertNoCanary();
  }

  @Test
  void malformedValuesAroundATokenNeverQuoteIt() {
    String host = scripted.server.getHostName();
    List<Map<String, String>> environments =
        List.of(
            Map.of("LLM_A", "openai:/" + ENCODED + "@" + host + "/gpt-4o"),
            Map.of("LLM_A", ENCODED + "@" + host + "/gpt-4o"),
            Map.of("LLM_A", CANARY + "@" + host + "/gpt-4o"),
            Map.of("LLM_A", "fast," + CANARY + "@" + host),
            Map.of("LLM_A", "openai://" + ENCODED + "@" + host + ":99999/gpt-4o"),
            Map.of("LLM_A", "openai://" + ENCODED + "@ho st/gpt-4o"),
            Map.of("LLM_A", "openai://" + ENCODED + "@" + host + "/gpt-4o?tls=maybe"),
            Map.of("LLM_A", "openai://" + ENCODED + "@" + host + "/gpt-4o?nope=1"),
            Map.of("LLM_A", "openai://" + CORE + "%ZZ@" + host + "/gpt-4o"),
            Map.of("LLM_A", "openai://" + ENCODED + "%FF@" + host + "/gpt-4o"),
            Map.of("LLM_A", "nope://" + ENCODED + "@" + host + "/gpt-4o"),
            Map.of("LLM_A", "anthropic://" + ENCODED + "@" + host + "/c?max_tokens=-1"),
            Map.of("LLM_A", "ollama://" + ENCODED + "@" + host + "/l?num_ctx=x"));
    for (Map<String, String> env : environments) {
      Throwable eager = catchThrowable(() -> Registry.fromEnv(env).chain("a"));
      assertThat(eager).as(env.toString()).isInstanceOf(MajordomoException.class);
      show(stackTrace(eager));
      Throwable lazy = catchThrowable(() -> Registry.builder().env(env).build().chain("a"));
      assertThat(lazy).as(env.toString()).isInstanceOf(MajordomoException.class);
      show(stackTrace(lazy));
    }
    assertNoCanary();
  }

  @Test
  void userInfoInABaseUrlVariableIsRefusedWithoutQuotingIt() {
    String at = CANARY.replace("@", "%40").replace(":", "%3A");
    String hostPort = scripted.server.getHostName() + ":" + scripted.server.getPort();
    Map<String, Map<String, String>> cases =
        Map.of(
            "openai/gpt-4o",
            Map.of("OPENAI_API_KEY", "k", "OPENAI_BASE_URL", "http://u:" + at + "@" + hostPort),
            "anthropic/c",
            Map.of("ANTHROPIC_BASE_URL", "https://u:" + at + "@" + hostPort + "/p"),
            "ollama/l",
            Map.of("OLLAMA_HOST", "http://" + CANARY + "@" + hostPort));
    cases.forEach(
        (chain, env) -> {
          Throwable thrown = catchThrowable(() -> Registry.builder().env(env).build().chain(chain));
          assertThat(thrown)
              .as(chain)
              .isInstanceOf(MajordomoException.class)
              .hasMessageContaining("user info");
          show(stackTrace(thrown));
        });
    assertThat(scripted.calls()).isEmpty();
    assertNoCanary();
  }

  @Test
  void anEagerScanReportsEveryMalformedVariableWithoutItsToken() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("LLM_A", "openai://" + ENCODED + "@h:0/x");
    env.put("LLM_B", "anthropic://" + ENCODED + "@/x");
    env.put("LLM_C", "ollama://" + ENCODED + "@h/x?tls=perhaps");
    ConfigException e = (ConfigException) catchThrowable(() -> Registry.fromEnv(env));
    assertThat(e.problems()).hasSize(3);
    show(stackTrace(e));
    assertNoCanary();
  }

  // ---- capture ----

  private void show(Object... values) {
    for (Object value : values) {
      seen.add(String.valueOf(value));
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private void assertNoCanary() {
    List<String> all = new ArrayList<>(seen);
    all.addAll(logLines);
    assertThat(all).isNotEmpty();
    for (String text : all) {
      assertThat(text).doesNotContain(CORE).doesNotContain(ENCODED);
    }
  }
}
