package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainElement.ModelRef;
import dev.majordomo.chain.ChainElement.Name;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.internal.config.EnvEntry.AliasEntry;
import dev.majordomo.internal.config.EnvEntry.ModelEntry;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DsnTest {
  static final Function<String, Set<String>> KEYS =
      scheme -> scheme.equals("ollama") ? Set.of("keep_alive", "num_ctx") : Set.of();

  private static ModelSpec model(String variable, String value) {
    EnvEntry entry = Dsn.parse(variable, value, KEYS);
    assertThat(entry).isInstanceOf(ModelEntry.class);
    return ((ModelEntry) entry).spec();
  }

  private static ModelSpec spec(
      String scheme, String token, String host, int port, String modelId) {
    return new ModelSpec(
        scheme,
        token == null ? null : Secret.of(token),
        host,
        port,
        modelId,
        null,
        null,
        null,
        Map.of());
  }

  @Test
  void theDesignExampleDefinesModelM1() {
    EnvEntry entry = Dsn.parse("LLM_M1", "foreman://token@host", KEYS);

    assertThat(entry).isInstanceOf(ModelEntry.class);
    assertThat(entry.name()).isEqualTo("m1");
    assertThat(entry.variable()).isEqualTo("LLM_M1");
    ModelSpec spec = ((ModelEntry) entry).spec();
    assertThat(spec.scheme()).isEqualTo("foreman");
    assertThat(spec.token().reveal()).isEqualTo("token");
    assertThat(spec.host()).isEqualTo("host");
    assertThat(spec.port()).isEqualTo(-1);
    assertThat(spec.modelId()).isNull();
    assertThat(spec.tls()).isNull();
    assertThat(spec.timeout()).isNull();
    assertThat(spec.basePath()).isNull();
    assertThat(spec.parameters()).isEmpty();
  }

  static Stream<Arguments> validDsns() {
    return Stream.of(
        Arguments.of("foreman://token@host", spec("foreman", "token", "host", -1, null)),
        Arguments.of("foreman://host", spec("foreman", null, "host", -1, null)),
        Arguments.of("foreman://token@host:8443", spec("foreman", "token", "host", 8443, null)),
        Arguments.of("x://h:1", spec("x", null, "h", 1, null)),
        Arguments.of("x://h:65535", spec("x", null, "h", 65535, null)),
        Arguments.of(
            "FOREMAN://Token@LLM.Example.COM",
            spec("foreman", "Token", "llm.example.com", -1, null)),
        Arguments.of(
            "ollama://localhost:11434/qwen3:8b",
            spec("ollama", null, "localhost", 11434, "qwen3:8b")),
        Arguments.of(
            "openai://to%40ken@api.openai.com/ft:gpt-4o-mini:org:abc",
            spec("openai", "to@ken", "api.openai.com", -1, "ft:gpt-4o-mini:org:abc")),
        Arguments.of(
            "openrouter://k@openrouter.ai/anthropic/claude-sonnet-4",
            spec("openrouter", "k", "openrouter.ai", -1, "anthropic/claude-sonnet-4")),
        Arguments.of("x://k@h/model%40v2", spec("x", "k", "h", -1, "model@v2")),
        Arguments.of("x://k@h/org/m%40rev:1.2", spec("x", "k", "h", -1, "org/m@rev:1.2")),
        Arguments.of("x://k@h/m#1", spec("x", "k", "h", -1, "m#1")),
        Arguments.of("x://tok%23en@h", spec("x", "tok#en", "h", -1, null)),
        Arguments.of("x://a@b@h", spec("x", "a@b", "h", -1, null)),
        Arguments.of("x://tok%2Fen%3F@h", spec("x", "tok/en?", "h", -1, null)),
        Arguments.of("x://user:pass@h", spec("x", "user:pass", "h", -1, null)),
        Arguments.of("x://t+k@h", spec("x", "t+k", "h", -1, null)),
        Arguments.of("x://k@h/a%2Fb%20c", spec("x", "k", "h", -1, "a/b c")),
        Arguments.of("x://h/%E2%82%AC", spec("x", null, "h", -1, "€")),
        Arguments.of("x://k@h/", spec("x", "k", "h", -1, null)),
        Arguments.of("x://k@[::1]:8080/m", spec("x", "k", "[::1]", 8080, "m")),
        Arguments.of("x://[2001:DB8::1]", spec("x", null, "[2001:db8::1]", -1, null)),
        Arguments.of("x://[::ffff:10.0.0.1]/m", spec("x", null, "[::ffff:10.0.0.1]", -1, "m")),
        Arguments.of("a+b.c-d://h", spec("a+b.c-d", null, "h", -1, null)),
        Arguments.of("x://my_host-1.local", spec("x", null, "my_host-1.local", -1, null)),
        Arguments.of("x://10.0.0.7:8000/m", spec("x", null, "10.0.0.7", 8000, "m")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validDsns")
  void parsesValidDsns(String value, ModelSpec expected) {
    assertThat(model("LLM_M1", value)).isEqualTo(expected);
  }

  static Stream<Arguments> queries() {
    return Stream.of(
        Arguments.of("tls=false", false, null, null, Map.of()),
        Arguments.of("tls=TRUE", true, null, null, Map.of()),
        Arguments.of("timeout=30s", null, Duration.ofSeconds(30), null, Map.of()),
        Arguments.of("timeout=500ms", null, Duration.ofMillis(500), null, Map.of()),
        Arguments.of("timeout=2m", null, Duration.ofMinutes(2), null, Map.of()),
        Arguments.of("timeout=1h", null, Duration.ofHours(1), null, Map.of()),
        Arguments.of("timeout=PT30S", null, Duration.ofSeconds(30), null, Map.of()),
        Arguments.of("timeout=pt1m30s", null, Duration.ofSeconds(90), null, Map.of()),
        Arguments.of("base_path=/v1", null, null, "/v1", Map.of()),
        Arguments.of("base_path=/api/v1/", null, null, "/api/v1", Map.of()),
        Arguments.of("base_path=%2Fv1", null, null, "/v1", Map.of()),
        Arguments.of(
            "tls=true&timeout=45s&base_path=/v1", true, Duration.ofSeconds(45), "/v1", Map.of()),
        Arguments.of("keep_alive=5m", null, null, null, Map.of("keep_alive", "5m")),
        Arguments.of(
            "num_ctx=8192&keep_alive=a%26b&tls=true",
            true, null, null, Map.of("num_ctx", "8192", "keep_alive", "a&b")));
  }

  @ParameterizedTest(name = "[{index}] ?{0}")
  @MethodSource("queries")
  void parsesQueryKeys(
      String query, Boolean tls, Duration timeout, String basePath, Map<String, String> params) {
    ModelSpec spec = model("LLM_LOCAL", "ollama://tok@h:11434/qwen3:8b?" + query);

    assertThat(spec.tls()).isEqualTo(tls);
    assertThat(spec.timeout()).isEqualTo(timeout);
    assertThat(spec.basePath()).isEqualTo(basePath);
    assertThat(spec.parameters()).isEqualTo(params);
    assertThat(spec.modelId()).isEqualTo("qwen3:8b");
    assertThat(spec.port()).isEqualTo(11434);
  }

  @Test
  void aQueryMayFollowTheHostDirectly() {
    ModelSpec spec = model("LLM_M", "x://h?tls=false");

    assertThat(spec.modelId()).isNull();
    assertThat(spec.tls()).isFalse();
  }

  static Stream<Arguments> malformedDsns() {
    return Stream.of(
        Arguments.of("", "the value is empty"),
        Arguments.of("  \t", "the value is empty"),
        Arguments.of("://host", "no scheme before \"://\""),
        Arguments.of("://tok@host", "no scheme before \"://\""),
        Arguments.of("fo_o://h", "illegal character '_' (U+005F) at index 2 in the scheme"),
        Arguments.of("1x://h", "the scheme must start with a letter"),
        Arguments.of("x://", "no host after \"://\""),
        Arguments.of("x:///model", "no host after \"://\""),
        Arguments.of("x://tok@", "no host after the token"),
        Arguments.of("x://tok@/m", "no host after the token"),
        Arguments.of("x://tok@:80", "empty host"),
        Arguments.of("x://h:", "the port after \":\" is empty"),
        Arguments.of("x://h:0", "port 0 is out of range (1-65535)"),
        Arguments.of("x://h:65536", "port 65536 is out of range"),
        Arguments.of("x://tok@h:99999", "port 99999 is out of range"),
        Arguments.of("x://h:123456789012", "port with 12 digits is out of range"),
        Arguments.of("x://h:8o", "the port is not a number"),
        Arguments.of("x://h:-1", "the port is not a number"),
        Arguments.of("x://::1", "more than one \":\""),
        Arguments.of("x://[::1", "has no closing \"]\""),
        Arguments.of("x://[zz::1]", "not an IPv6 address"),
        Arguments.of("x://[]", "not an IPv6 address"),
        Arguments.of("x://[::1]x", "unexpected character after the IPv6 host"),
        Arguments.of("x://[::1]:", "port after \":\" is empty"),
        Arguments.of("x://h!x", "illegal character '!'"),
        Arguments.of("x://@h", "the token before \"@\" is empty"),
        Arguments.of("x://to%4ken@h", "bad percent-encoding in the token"),
        Arguments.of("x://token%@h", "bad percent-encoding in the token"),
        Arguments.of("x://to%ffken@h", "not valid UTF-8"),
        Arguments.of("x://h/a%zz", "bad percent-encoding in the model id"),
        Arguments.of("x://h?", "the query after \"?\" is empty"),
        Arguments.of("x://h/m?", "the query after \"?\" is empty"),
        Arguments.of("x://h?tls=true&", "empty parameter"),
        Arguments.of("x://h?tls=true&&timeout=1s", "empty parameter"),
        Arguments.of("x://h?tls", "query parameter \"tls\" has no value"),
        Arguments.of("x://h?=1", "no key before \"=\""),
        Arguments.of("x://h?k%20=1", "a query key may hold only"),
        Arguments.of("x://h?foo=1", "unknown query parameter \"foo\" for scheme \"x\""),
        Arguments.of("x://h?tls=true&tls=false", "\"tls\" is given more than once"),
        Arguments.of("x://h?tls=yes", "tls must be true or false, not \"yes\""),
        Arguments.of("x://h?tls=", "tls must be true or false, not \"\""),
        Arguments.of("x://h?timeout=soon", "timeout \"soon\" is not a duration"),
        Arguments.of("x://h?timeout=30", "is not a duration"),
        Arguments.of("x://h?timeout=1d", "is not a duration"),
        Arguments.of(
            "x://h?timeout=99999999999999999h", "timeout \"99999999999999999h\" is too long"),
        Arguments.of("x://h?timeout=PT2562048H", "is too long"),
        Arguments.of("x://h?timeout=30S", "is not a duration"),
        Arguments.of("x://h?timeout=30%20s", "is not a duration"),
        Arguments.of("x://h?timeout=-PT5S", "is not a duration"),
        Arguments.of("x://h?timeout=0s", "timeout must be positive"),
        Arguments.of("x://h?timeout=PT-5S", "timeout must be positive"),
        Arguments.of("x://h?base_path=v1", "base_path must start with \"/\""),
        Arguments.of("x://h?timeout=%zz", "bad percent-encoding in the value of \"timeout\""),
        Arguments.of("x://to ken@h", "white space (U+0020 SPACE) at index 6"),
        Arguments.of(" x://h", "white space (U+0020 SPACE) at index 0"),
        Arguments.of("x://h\n", "white space (U+000A "),
        Arguments.of("x://h/m\u0000", "control character or a lone surrogate (U+0000"),
        Arguments.of("x://h\u200B", "illegal character (U+200B ZERO WIDTH SPACE) at index 5"),
        Arguments.of("x://h/a\u00A0b", "white space (U+00A0 NO-BREAK SPACE) at index 7"),
        Arguments.of(
            "foreman:/tok@h",
            "starts like a DSN (a scheme and \":\", not quoted) but has no \"://\""),
        Arguments.of("foreman:tok@h", "starts like a DSN"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @MethodSource("malformedDsns")
  void rejectsMalformedDsnsNamingTheVariable(String value, String problem) {
    assertThatThrownBy(() -> Dsn.parse("LLM_M1", value, KEYS))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("LLM_M1");
              assertThat(e.getMessage()).startsWith("LLM_M1: ").contains(problem);
            });
  }

  @Test
  void anUnknownKeyListsTheAcceptedKeys() {
    assertThatThrownBy(() -> Dsn.parse("LLM_M", "ollama://h?keepalive=5m", KEYS))
        .hasMessageContaining("accepted: base_path, keep_alive, num_ctx, timeout, tls");
    assertThatThrownBy(() -> Dsn.parse("LLM_M", "openai://h?keep_alive=5m", scheme -> null))
        .hasMessageContaining("accepted: base_path, timeout, tls");
  }

  @Test
  void providerKeysAreAskedOnlyForProviderSpecificKeysAndWithTheLowerCaseScheme() {
    List<String> asked = new ArrayList<>();
    Function<String, Set<String>> recording =
        scheme -> {
          asked.add(scheme);
          return Set.of("region");
        };

    Dsn.parse("LLM_A", "Bedrock://h/m?tls=true&timeout=1s&base_path=/v1", recording);
    assertThat(asked).isEmpty();

    ModelSpec spec = ((ModelEntry) Dsn.parse("LLM_B", "Bedrock://h/m?region=eu", recording)).spec();
    assertThat(asked).containsExactly("bedrock");
    assertThat(spec.parameters()).containsExactly(Map.entry("region", "eu"));
  }

  @Test
  void aValueWithoutSchemeSeparatorIsAnAlias() {
    EnvEntry entry = Dsn.parse("LLM_FAST", "m1,openai/gpt-4o-mini", KEYS);

    assertThat(entry)
        .isEqualTo(
            new AliasEntry(
                "fast",
                "LLM_FAST",
                List.of(new Name("m1"), new ModelRef("openai", "gpt-4o-mini"))));
  }

  static Stream<String> tokensWithAnUnencodedDelimiter() {
    return Stream.of(
        "openai://abc/def@api.openai.com/gpt-4o",
        "openai://abc?def@api.openai.com/gpt-4o",
        "openai://abc#def@api.openai.com/gpt-4o",
        "openai://abc/def@api.openai.com",
        "openai://abc?def@api.openai.com",
        "openai://ab/cd/ef@api.openai.com:8443/m?tls=true",
        "openai://abc/d%40ef@api.openai.com/m",
        "openai://abc/def@[::1]/m",
        // an "@" in the authority only before a "#": the parser would read the token up to the "@"
        // after it, so the token has not plainly ended
        "openai://abc@def#x@api.openai.com/m",
        // no "@" before the first "/": the "@" may end a token as well as belong to the model id
        "x://h/model@v2",
        "x://h?keep_alive=a@b");
  }

  static Stream<Arguments> anAtAfterTheTokenBelongsToTheModelIdOrQuery() {
    return Stream.of(
        Arguments.of(
            "openai://tok@gw/claude-3-5-sonnet@20240620",
            spec("openai", "tok", "gw", -1, "claude-3-5-sonnet@20240620")),
        Arguments.of("x://k@h/model@v2", spec("x", "k", "h", -1, "model@v2")),
        Arguments.of("x://k@h:8080/org/m@rev/x@y", spec("x", "k", "h", 8080, "org/m@rev/x@y")),
        Arguments.of("x://a@b@h/m@1", spec("x", "a@b", "h", -1, "m@1")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void anAtAfterTheTokenBelongsToTheModelIdOrQuery(String value, ModelSpec expected) {
    assertThat(((EnvEntry.ModelEntry) Dsn.parse("LLM_M1", value, KEYS)).spec()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "openai://p@ss/w0rd@api.openai.com/gpt-4o",
        "openai://p@ss/w0rd@localhost:8080/gpt-4o",
        "openai://p@ss?w0rd@api.openai.com/gpt-4o",
        "x://p@ss/w0rd@10.0.0.7/m@1"
      })
  void aTokenHoldingAnAtAndADelimiterIsRefusedShowingNeitherHalf(String value) {
    assertThatThrownBy(() -> Dsn.parse("LLM_M1", value, KEYS))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("%2F")
                    .doesNotContain("w0rd")
                    .doesNotContain("ss/")
                    .doesNotContain("p@"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tokensWithAnUnencodedDelimiter")
  void anAtAfterTheFirstSlashQuestionMarkOrHashIsRefusedQuotingNothing(String value) {
    assertThatThrownBy(() -> Dsn.parse("LLM_M1", value, KEYS))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("LLM_M1");
              assertThat(e.getMessage())
                  .startsWith("LLM_M1: ")
                  .contains("percent-encode")
                  .contains("%2F")
                  .contains("%3F")
                  .contains("%23")
                  .contains("%40")
                  .doesNotContain("abc")
                  .doesNotContain("def")
                  .doesNotContain("api.openai")
                  .doesNotContain("model@")
                  .doesNotContain("v2");
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void aliasesFollowTheChainGrammar() {
    AliasEntry entry = (AliasEntry) Dsn.parse("LLM_SMART_MIX", " Fast ,\tollama/qwen3:8b ", KEYS);

    assertThat(entry.name()).isEqualTo("smart_mix");
    assertThat(entry.chain()).containsExactly(new Name("fast"), new ModelRef("ollama", "qwen3:8b"));
  }

  @Test
  void aliasSyntaxErrorsAreConfigErrorsThatKeepTheIndex() {
    assertThatThrownBy(() -> Dsn.parse("LLM_FAST", "fast,,thinking", KEYS))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("LLM_FAST");
              assertThat(e.index()).hasValue(5);
              assertThat(e.getMessage())
                  .startsWith("LLM_FAST: not a valid chain: empty element")
                  .contains("at index 5")
                  .doesNotContain("thinking");
              // The value is not quoted, nor is it in a cause: it may be another tool's secret.
              assertThat(e.getCause()).isNull();
            });
  }

  @Test
  void aliasSyntaxErrorsInCodeKeepTheChainSyntaxExceptionAsCause() {
    assertThatThrownBy(() -> Dsn.parse("fast", "alias 'fast'", "fast,,thinking", KEYS))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.getCause())
                    .isInstanceOf(ChainSyntaxException.class)
                    .extracting(c -> ((ChainSyntaxException) c).index())
                    .isEqualTo(5));
  }

  @Test
  void dsnErrorsHaveNoIndex() {
    assertThatThrownBy(() -> Dsn.parse("LLM_M", "x://h:0", KEYS))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.index()).isEmpty());
  }

  @Test
  void theVariableMustBeAnUpperCaseLlmVariable() {
    assertThatThrownBy(() -> Dsn.parse("LLM_", "x://h", KEYS))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LLM_: the variable names no model");
    assertThatThrownBy(() -> Dsn.parse("LLM_fast", "x://h", KEYS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("lookups read LLM_FAST");
    assertThatThrownBy(() -> Dsn.parse("OPENAI_API_KEY", "x://h", KEYS))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must start with LLM_");
  }

  @Test
  void providerKeysFunctionIsRequired() {
    assertThatThrownBy(() -> Dsn.parse("LLM_M", "x://h", null))
        .isInstanceOf(NullPointerException.class);
  }
}
