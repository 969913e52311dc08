package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.majordomo.ConfigException;
import dev.majordomo.Registry;
import dev.majordomo.internal.config.EnvEntry.AliasEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other tools use the {@code LLM_} prefix too: their variables must neither stop an eager scan nor
 * show their values anywhere, and looking one up by name says plainly that it is not a Majordomo
 * definition.
 */
class ForeignVariablesTest {
  /** Values of other tools' variables: none of these fragments may ever show. */
  private static final Map<String, String> FOREIGN =
      Map.of(
          "LLM_API_KEY", "sk-proj-F0reignKey123456",
          "LLM_BASE_URL", "https://user:Pw0rdInUrl@api.example.com/v1",
          "LLM_MODEL", "gpt-4o-F0reignModel",
          "LLM_DB_PASSWORD", "hunter2!x",
          "LLM_OPENAI_SHOW_RESPONSES", "1",
          "LLM_OLLAMA_HOST", "gpuBox7:11434",
          "LLM_SESSION_TOKEN", "abc.def.Gh1jkl");

  private static final List<String> FRAGMENTS =
      List.of("f0reign", "pw0rdinurl", "hunter2", "gpubox7", "gh1jkl");

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(EnvLoader.class.getName());
  private Level level;
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    level = logger.getLevel();
    capture.setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
    logger.setLevel(level);
  }

  private static EnvLoader loader(Map<String, String> env) {
    return new EnvLoader(env, DsnTest.KEYS);
  }

  @Test
  void anEagerScanSkipsForeignVariablesWithOneInfoLineNamingOnlyTheVariable() {
    Map<String, String> env = new TreeMap<>(FOREIGN);
    env.put("LLM_FAST", "m1,openai/gpt-4o-mini");
    env.put("LLM_M1", "foreman://tok@host/m");

    List<EnvEntry> entries = loader(env).scanAll();

    assertThat(entries).extracting(EnvEntry::variable).containsExactly("LLM_FAST", "LLM_M1");
    List<String> info = new ArrayList<>();
    for (LogRecord r : records) {
      if (r.getLevel().equals(Level.INFO)) {
        info.add(new SimpleFormatter().formatMessage(r));
      }
    }
    assertThat(info).hasSize(FOREIGN.size());
    for (String variable : FOREIGN.keySet()) {
      assertThat(info).filteredOn(line -> line.startsWith(variable + ":")).hasSize(1);
    }
    assertNoFragment(String.join("\n", allLogLines()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"api_key", "base_url", "model", "db_password", "ollama_host", "session_token"})
  void aLookupOfAForeignNameFailsNamingTheVariableAndWhatWasExpected(String name) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader(FOREIGN).lookup(name));

    String variable = "LLM_" + name.toUpperCase(Locale.ROOT);
    assertThat(e).as("lookup of %s", name).isNotNull();
    assertThat(e.variable()).isEqualTo(variable);
    assertThat(e.getMessage())
        .startsWith(variable + ": ")
        .contains("not a Majordomo")
        .contains("DSN")
        .contains("chain");
    assertNoFragment(everything(e));
  }

  @Test
  void aForeignNameFailsItsLookupEvenWhenUnset() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader(Map.of()).lookup("api_key"));

    assertThat(e.variable()).isEqualTo("LLM_API_KEY");
  }

  @Test
  void nameWordsOnlyCountAsWholeWordsAtTheEnd() {
    Map<String, String> env =
        Map.of(
            "LLM_KEYNOTE", "openai/gpt-4o",
            "LLM_FAST_MODEL", "openai/gpt-4o-mini",
            "LLM_URLS_FIRST", "openai/gpt-4o");

    assertThat(loader(env).scanAll()).hasSize(3).allMatch(e -> e instanceof AliasEntry);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hunter2!x",
        "hunter2:x!",
        "Hunter2:/x",
        "hunter2 x",
        "hunter2,,x",
        "x,hunter2!x",
        "1hunter2",
        "hunter2/",
        "/hunter2"
      })
  void aValueThatIsNeitherADsnNorAChainIsNeverQuoted(String value) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> loader(Map.of("LLM_FOO", value)).lookup("foo"));

    assertThat(e).as("lookup of %s", value).isNotNull();
    assertThat(e.variable()).isEqualTo("LLM_FOO");
    assertThat(e.getMessage()).contains("DSN").contains("chain");
    assertNoFragment(everything(e));
    assertNoFragment(String.join("\n", allLogLines()));
  }

  @Test
  void anEagerScanSkipsAValueThatIsNeitherADsnNorAChainUnlessItIsAList() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_SECRETISH", "hunter2!x");
    env.put("LLM_FLAG", "1");
    env.put("LLM_BROKEN_LIST", "fast,,hunter2");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader(env).scanAll());

    assertThat(e.problems())
        .extracting(ConfigException::variable)
        .containsExactly("LLM_BROKEN_LIST");
    assertThat(e.index()).hasValue(5);
    assertNoFragment(everything(e));
    assertNoFragment(String.join("\n", allLogLines()));
    assertThat(allLogLines())
        .anyMatch(l -> l.startsWith("LLM_SECRETISH:"))
        .anyMatch(l -> l.startsWith("LLM_FLAG:"));
  }

  @Test
  void aChainDefinedInCodeIsStillQuotedInItsError() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> Dsn.parse("fast", "alias 'fast'", "fast,,thinking", DsnTest.KEYS));

    assertThat(e.getMessage()).contains("fast,,thinking");
  }

  @Test
  void credentialsNamedWithAVersionWordOrAnotherCredentialWordAreNeitherLoadedNorLogged() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_OPENAI_APIKEY", "sk-proj-zqa1");
    env.put("LLM_API_KEY_2", "sk-proj-zqb2");
    env.put("LLM_API_KEY2", "sk-proj-zqb3");
    env.put("LLM_TOKEN_OLD", "ghp_zqc3");
    env.put("LLM_SECRET_BACKUP", "ghp_zqc4");
    env.put("LLM_GITHUB_PAT", "ghp_zqd4");
    env.put("LLM_ORG_ID", "org-zqe5");
    env.put("LLM_OPENAI_KEY_V2", "sk-proj-zqf6");
    env.put("LLM_ANTHROPIC_KEY_PROD", "sk-ant-zqg7");
    env.put("LLM_TOKEN_STAGING", "ghp_zqh8");
    env.put("LLM_PASSWORD_SECONDARY", "zqi9");
    env.put("LLM_FAST", "openai/gpt-4o-mini");
    env.put("LLM_FAST_TEST", "openai/gpt-4o-mini"); // the word before the stage decides: ours

    List<EnvEntry> entries = loader(env).scanAll();

    assertThat(entries)
        .extracting(EnvEntry::variable)
        .containsExactlyInAnyOrder("LLM_FAST", "LLM_FAST_TEST");
    assertThat(String.join("\n", allLogLines()).toLowerCase(Locale.ROOT)).doesNotContain("zq");
    for (String variable : env.keySet()) {
      if (!variable.startsWith("LLM_FAST")) {
        assertThat(allLogLines()).filteredOn(l -> l.startsWith(variable + ":")).hasSize(1);
      }
    }
  }

  @Test
  void opaqueUrisOfOtherServicesAreSkippedByTheEagerScan() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_NOTIFY", "mailto:ops@zqexample.com");
    env.put("LLM_ONCALL", "tel:+1-555-0100");
    env.put("LLM_FAST", "openai/gpt-4o-mini");

    List<EnvEntry> entries = loader(env).scanAll();

    assertThat(entries).extracting(EnvEntry::variable).containsExactly("LLM_FAST");
    assertThat(String.join("\n", allLogLines())).doesNotContain("zqexample").doesNotContain("555");
  }

  @Test
  void loadingLogsTheVariableAndTheKindOfEntryOnly() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_FAST", "m1,openai/gpt-4o-Mini9,sk-proj-Al1asSecret");
    env.put("LLM_M1", "foreman://t0kenZ@h0stz.example/m0delZ?timeout=30s");

    loader(env).scanAll();

    String logs = String.join("\n", allLogLines());
    assertThat(logs).contains("LLM_FAST").contains("LLM_M1").contains("foreman");
    assertThat(logs.toLowerCase(Locale.ROOT))
        .doesNotContain("mini9")
        .doesNotContain("al1as")
        .doesNotContain("t0ken")
        .doesNotContain("h0stz")
        .doesNotContain("m0delz");
  }

  /** Values of other services' settings under LLM_ names: none is a Majordomo definition. */
  private static Map<String, String> otherServices() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_API_BASE", "https://api.example.com/v1/Bas3Secret");
    env.put("LLM_WEBHOOK", "https://hooks.slack.com/services/T0/B0/WebH00kSecret");
    env.put("LLM_PROXY", "http://pr0xyuser:Pr0xyPw@proxy:3128");
    env.put("LLM_CACHE", "redis://:Red1sPw@h:6379/0");
    env.put("LLM_STORE", "postgresql://u:Pg5Pw@db/x");
    env.put("LLM_SOCKS", "socks5h://u:S0cksPw@p:1080");
    env.put("LLM_ADMIN_EMAIL", "Adm1n@example.com");
    env.put("LLM_FAST", "openai/gpt-4o-mini");
    return env;
  }

  private static final List<String> SERVICE_FRAGMENTS =
      List.of("bas3", "webh00k", "hooks.slack", "pr0xy", "red1s", "pg5pw", "s0ckspw", "adm1n");

  @Test
  void anEagerScanSkipsUrlsOfOtherServicesAndAddressesWithOneInfoLineEach() {
    Map<String, String> env = otherServices();

    List<EnvEntry> entries = loader(env).scanAll();

    assertThat(entries).extracting(EnvEntry::variable).containsExactly("LLM_FAST");
    for (String variable : env.keySet()) {
      if (!variable.startsWith("LLM_FAST")) {
        assertThat(allLogLines()).filteredOn(l -> l.startsWith(variable + ":")).hasSize(1);
      }
    }
    assertNoServiceFragment(String.join("\n", allLogLines()));
  }

  @Test
  void aRegistryStartsBesideOtherServicesUrls() {
    // Before: ConfigException "no provider is registered for scheme 'https'" (and 'redis', …).
    Registry.fromEnv(otherServices());

    assertNoServiceFragment(String.join("\n", allLogLines()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"api_base", "webhook", "proxy", "cache", "store", "socks", "admin_email"})
  void aLookupOfAnotherServicesSettingFailsNamingTheVariableNotTheValue(String name) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> loader(otherServices()).lookup(name));

    String variable = "LLM_" + name.toUpperCase(Locale.ROOT);
    assertThat(e).as("lookup of %s", name).isNotNull();
    assertThat(e.variable()).isEqualTo(variable);
    assertThat(e.getMessage()).startsWith(variable + ": ").contains("DSN");
    assertNoServiceFragment(everything(e));
    assertNoServiceFragment(String.join("\n", allLogLines()));
  }

  @Test
  void aDsnWithAMistypedSchemeStillFailsStartUpWithoutQuotingItsToken() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_MAIN", "opnai://sk-Typ0Token@api.openai.com/gpt-4o");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Registry.fromEnv(env));

    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(ConfigException::variable).containsExactly("LLM_MAIN");
    assertThat(everything(e)).contains("opnai").doesNotContain("Typ0Token");
  }

  @Test
  void aliasNamesEndingInPathFileOrDirAreMajordomos() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_FAST_PATH", "openai/gpt-4o-mini");
    env.put("LLM_FIRST_FILE", "openai/gpt-4o");
    env.put("LLM_MAIN_DIR", "fast_path,first_file");

    EnvLoader loader = loader(env);

    assertThat(loader.scanAll()).hasSize(3).allMatch(e -> e instanceof AliasEntry);
    assertThat(loader.lookup("fast_path")).isPresent();
  }

  @Test
  void filePathsUnderPathOrDirNamesAreSkippedByTheValueRule() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_MODEL_PATH", "/models/x.gguf");
    env.put("LLM_CACHE_DIR", "/tmp/x");
    env.put("LLM_LOG_FILE", "./logs/llm.log");

    assertThat(loader(env).scanAll()).isEmpty();
    assertThat(allLogLines())
        .anyMatch(l -> l.startsWith("LLM_MODEL_PATH:"))
        .anyMatch(l -> l.startsWith("LLM_CACHE_DIR:"))
        .anyMatch(l -> l.startsWith("LLM_LOG_FILE:"));
  }

  private static void assertNoServiceFragment(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String fragment : SERVICE_FRAGMENTS) {
      assertThat(lower).doesNotContain(fragment);
    }
  }

  private List<String> allLogLines() {
    List<String> lines = new ArrayList<>();
    SimpleFormatter formatter = new SimpleFormatter();
    for (LogRecord r : records) {
      lines.add(
          formatter.formatMessage(r) + (r.getThrown() == null ? "" : everything(r.getThrown())));
    }
    return lines;
  }

  private static String everything(Throwable t) {
    StringBuilder s = new StringBuilder();
    List<Throwable> todo = new ArrayList<>(List.of(t));
    while (!todo.isEmpty()) {
      Throwable next = todo.remove(0);
      s.append(next).append('\n').append(next.getMessage()).append('\n');
      if (next.getCause() != null) {
        todo.add(next.getCause());
      }
      todo.addAll(List.of(next.getSuppressed()));
    }
    return s.toString();
  }

  private static void assertNoFragment(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String fragment : FRAGMENTS) {
      assertThat(lower).doesNotContain(fragment);
    }
  }
}
