package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.ConfigException;
import dev.majordomo.MajordomoException;
import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.internal.config.EnvEntry;
import dev.majordomo.internal.config.EnvLoader;
import dev.majordomo.internal.config.EnvNames;
import dev.majordomo.provider.anthropic.AnthropicProvider;
import dev.majordomo.provider.foreman.ForemanProvider;
import dev.majordomo.provider.ollama.OllamaProvider;
import dev.majordomo.provider.openai.OpenAiProvider;
import dev.majordomo.testing.FakeProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The env loader and {@code Registry.fromEnv} fed random environments: model DSNs and aliases that
 * name each other (cycles included), malformed values, odd variable names, and the conventional
 * variables ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code ANTHROPIC_*}, {@code
 * OLLAMA_HOST}) with random values. Loading and resolving every name either works or fails with a
 * {@link MajordomoException}, and no message or {@code toString} shows a token.
 */
class EnvFuzzTest {
  private static final String CANARY = "qqsecretqq";
  private static final List<String> NAMES = List.of("FAST", "SLOW", "M1", "M2", "A_B", "LOOP");
  private static final Function<String, Set<String>> KEYS =
      scheme ->
          switch (scheme) {
            case "openai" -> new OpenAiProvider().parameterKeys();
            case "anthropic" -> new AnthropicProvider().parameterKeys();
            case "ollama" -> new OllamaProvider().parameterKeys();
            case "foreman" -> new ForemanProvider().parameterKeys();
            default -> Set.of();
          };

  @Property(tries = 1500)
  void scanAllLoadsEveryVariableOrReportsEachMalformedOne(
      @ForAll("environments") Map<String, String> env) {
    long modelVariables = env.keySet().stream().filter(k -> k.startsWith("LLM_")).count();
    Guard.Outcome<List<EnvEntry>> outcome =
        Guard.run(env, () -> new EnvLoader(env, KEYS).scanAll(), ConfigException.class);
    if (outcome.failed()) {
      ConfigException e = (ConfigException) outcome.error();
      assertThat((long) e.problems().size()).isBetween(1L, modelVariables);
      for (ConfigException problem : e.problems()) {
        assertThat(env).containsKey(problem.variable());
        assertThat(problem.getMessage()).startsWith(problem.variable() + ": ");
      }
      noSecret(e);
    } else {
      Set<String> loaded = new java.util.HashSet<>();
      for (EnvEntry entry : outcome.value()) {
        assertThat(env).containsKey(entry.variable());
        assertThat(EnvNames.envVariableFor(entry.name())).isEqualTo(entry.variable());
        noSecret(entry.toString());
        loaded.add(entry.variable());
      }
      assertThat(loaded).hasSize(outcome.value().size());
      // Every variable that a lookup reads as a definition (a valid DSN or chain under a name
      // that is not another tool's) was loaded: the scan drops nothing of Majordomo's.
      for (String variable : env.keySet()) {
        String name = variable.startsWith("LLM_") ? variable.substring(4) : "";
        if (readBy(name.toLowerCase(Locale.ROOT), variable)) {
          Optional<EnvEntry> defined;
          try {
            defined = new EnvLoader(env, KEYS).lookup(name.toLowerCase(Locale.ROOT));
          } catch (ConfigException notADefinition) {
            continue;
          }
          assertThat(defined).as("lookup of %s", variable).isPresent();
          assertThat(loaded).as("loaded by the scan").contains(variable);
        }
      }
      // A variable the scan skipped as plainly not a Majordomo definition: its lookup says why.
      for (String variable : env.keySet()) {
        if (variable.startsWith("LLM_") && !loaded.contains(variable)) {
          String name = variable.substring(4).toLowerCase(Locale.ROOT);
          if (!readBy(name, variable)) {
            continue; // no lookup reads it (LLM_fast): nothing to agree with
          }
          ConfigException e =
              org.assertj.core.api.Assertions.catchThrowableOfType(
                  ConfigException.class, () -> new EnvLoader(env, KEYS).lookup(name));
          assertThat(e).as("lookup of skipped %s", variable).isNotNull();
          assertThat(e.variable()).isEqualTo(variable);
          noSecret(e);
        }
      }
    }
  }

  private static boolean readBy(String name, String variable) {
    try {
      return EnvNames.envVariableFor(name).equals(variable);
    } catch (ChainSyntaxException e) {
      return false;
    }
  }

  @Property(tries = 1500)
  void lookupAgreesWithScanAll(
      @ForAll("environments") Map<String, String> env, @ForAll("lookupNames") String name) {
    Guard.Outcome<Optional<EnvEntry>> looked =
        Guard.run(
            name,
            () -> new EnvLoader(env, KEYS).lookup(name),
            ConfigException.class,
            ChainSyntaxException.class);
    if (looked.failed()) {
      noSecret(looked.error());
      return;
    }
    Optional<EnvEntry> entry = looked.value();
    String variable = EnvNames.envVariableFor(name);
    assertThat(entry.isPresent()).isEqualTo(env.containsKey(variable));
    entry.ifPresent(
        e -> {
          assertThat(e.variable()).isEqualTo(variable);
          noSecret(e.toString());
        });
  }

  @Property(tries = 1000)
  void aRegistryFromAnyEnvironmentResolvesEveryNameOrSaysWhyNot(
      @ForAll("environments") Map<String, String> env, @ForAll("chains") List<String> chains) {
    Guard.Outcome<List<String>> outcome =
        Guard.run(
            env,
            () -> {
              List<String> shown = new ArrayList<>();
              Registry registry = Registry.fromEnv(env);
              shown.add(registry.toString());
              for (String chain : chains) {
                try {
                  Chain resolved = registry.chain(chain);
                  shown.add(resolved.targets().toString());
                  shown.add(resolved.toString());
                } catch (MajordomoException e) {
                  shown.add(everything(e));
                }
              }
              return shown;
            },
            MajordomoException.class);
    if (outcome.failed()) {
      assertThat(outcome.error()).isInstanceOf(ConfigException.class);
      noSecret(outcome.error());
    } else {
      outcome.value().forEach(EnvFuzzTest::noSecret);
    }
  }

  private static void noSecret(Throwable e) {
    noSecret(everything(e));
  }

  /** Messages and {@code toString} of an exception, its causes and its suppressed exceptions. */
  static String everything(Throwable e) {
    StringBuilder s = new StringBuilder();
    collect(e, s, 0);
    return s.toString();
  }

  private static void collect(Throwable e, StringBuilder s, int depth) {
    if (e == null || depth > 10) {
      return;
    }
    s.append(e).append('\n').append(e.getMessage()).append('\n');
    for (Throwable suppressed : e.getSuppressed()) {
      collect(suppressed, s, depth + 1);
    }
    collect(e.getCause(), s, depth + 1);
  }

  private static void noSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    assertThat(lower).doesNotContain("secret").doesNotContain("%73ecret");
  }

  // ---- generators ----

  @Provide
  Arbitrary<Map<String, String>> environments() {
    Arbitrary<Tuple.Tuple2<String, String>> model =
        Combinators.combine(modelVariables(), Arbitraries.oneOf(dsns(), chainValues(), junk()))
            .as(Tuple::of);
    Arbitrary<Tuple.Tuple2<String, String>> conventional =
        Combinators.combine(
                Arbitraries.of(
                    "OPENAI_API_KEY",
                    "ANTHROPIC_API_KEY",
                    "OPENAI_BASE_URL",
                    "ANTHROPIC_BASE_URL",
                    "OLLAMA_HOST",
                    "HOME"),
                Arbitraries.oneOf(urls(), Arbitraries.of(CANARY, "", " ", "sk-" + CANARY)))
            .as(Tuple::of);
    return Arbitraries.oneOf(model, conventional)
        .list()
        .ofMaxSize(8)
        .map(
            pairs -> {
              Map<String, String> env = new LinkedHashMap<>();
              pairs.forEach(p -> env.put(p.get1(), p.get2()));
              return Map.copyOf(env);
            });
  }

  private static Arbitrary<String> modelVariables() {
    return Arbitraries.oneOf(
        Arbitraries.of(NAMES).map(n -> "LLM_" + n),
        Arbitraries.of("LLM_", "LLM_fast", "LLM_9X", "LLM_A-B", "LLM_É", "LLM_X Y"));
  }

  private static Arbitrary<String> dsns() {
    Arbitrary<String> scheme =
        Arbitraries.of("openai", "anthropic", "ollama", "foreman", "fake", "OpenAI", "nope", "9x");
    Arbitrary<String> token =
        Arbitraries.of(
            "",
            CANARY + "@",
            "qq%73ecretqq@",
            CANARY + "%40x@",
            CANARY + "%4@",
            CANARY + "%FF@",
            "@",
            CANARY + "@" + CANARY + "@");
    Arbitrary<String> host =
        Arbitraries.of("host", "h.example", "[::1]", "[::1", "", "ho st", "h_1", "é.example");
    Arbitrary<String> port = Arbitraries.of("", ":1", ":65535", ":0", ":99999", ":x", ":");
    Arbitrary<String> model =
        Arbitraries.of("", "/", "/gpt-4o", "/qwen3:8b", "/a/b%2Fc", "/%", "/m@x");
    Arbitrary<String> query =
        Arbitraries.of(
                "tls=true",
                "tls=false",
                "tls=maybe",
                "timeout=30s",
                "timeout=0s",
                "timeout=PT99999999999999999H",
                "base_path=/v1",
                "base_path=v1",
                "organization=org",
                "keep_alive=10m",
                "num_ctx=0",
                "max_tokens=-1",
                "version=",
                "downscale_images=yes",
                "unknown=1",
                "",
                "=x")
            .list()
            .ofMaxSize(3)
            .map(q -> q.isEmpty() ? "" : "?" + String.join("&", q));
    return Combinators.combine(scheme, token, host, port, model, query)
        .as((s, t, h, p, m, q) -> s + "://" + t + h + p + m + q);
  }

  private static Arbitrary<String> chainValues() {
    Arbitrary<String> element =
        Arbitraries.oneOf(
            Arbitraries.of(NAMES).map(n -> n.toLowerCase(Locale.ROOT)),
            Arbitraries.of(
                "openai/gpt-4o-mini",
                "anthropic/claude-sonnet-4-5",
                "ollama/qwen3:8b",
                "foreman/x",
                "fake/a",
                "nope/x",
                "unknown",
                "a-b",
                ""));
    return element.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(",", l));
  }

  private static Arbitrary<String> urls() {
    Arbitrary<String> withUserInfo =
        Arbitraries.of("http://", "https://", "")
            .flatMap(
                scheme ->
                    Arbitraries.of(
                        scheme + CANARY + "@h",
                        scheme + "user:" + CANARY + "@h:1",
                        scheme + CANARY + "@[::1]/v1",
                        scheme + CANARY + "@"));
    return Arbitraries.oneOf(
        withUserInfo,
        Arbitraries.of(
            "https://proxy.example/v1",
            "http://localhost:8080",
            "http://[::1]:9/x",
            "ftp://x",
            "not a url",
            "host",
            "host:11434",
            ":11434",
            "http://",
            "https://h:x",
            "[::1]:1",
            "[",
            "[::1",
            "http://" + CANARY + "@h"),
        Arbitraries.strings().withChars("[]:/hx1 .@%").ofMaxLength(12));
  }

  private static Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("a:/@?,= \t%é\u0000").ofMaxLength(16);
  }

  @Provide
  Arbitrary<String> lookupNames() {
    return Arbitraries.oneOf(
        Arbitraries.of(NAMES).map(n -> n.toLowerCase(Locale.ROOT)),
        Arbitraries.of("a-b", "a.b", "fast", "Fast"),
        Arbitraries.strings().withChars("aZ9_-. /,").ofMaxLength(8));
  }

  /** Each provider's conventional element, then random chains. */
  @Provide
  Arbitrary<List<String>> chains() {
    return Arbitraries.oneOf(
            chainValues(),
            Arbitraries.of(NAMES).map(n -> n.toLowerCase(Locale.ROOT)),
            Arbitraries.strings().withChars("a/,: ").ofMaxLength(6))
        .list()
        .ofMaxSize(4)
        .map(
            random -> {
              List<String> all =
                  new ArrayList<>(
                      List.of(
                          "openai/gpt-4o-mini", "anthropic/claude-sonnet-4-5", "ollama/qwen3:8b"));
              all.addAll(random);
              return all;
            });
  }

  static {
    // FakeProvider is found by ServiceLoader; naming it here keeps the import honest.
    assert FakeProvider.SCHEME.equals("fake");
  }
}
