package dev.majordomo.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainElement.Name;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.internal.config.EnvEntry.AliasEntry;
import dev.majordomo.internal.config.EnvEntry.ModelEntry;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvLoaderTest {

  /** An environment that records which variables were read, and whether it was listed. */
  static final class RecordingEnv extends AbstractMap<String, String> {
    final Map<String, String> values;
    final List<Object> reads = new ArrayList<>();
    boolean listed;

    RecordingEnv(Map<String, String> values) {
      this.values = values;
    }

    @Override
    public synchronized String get(Object key) {
      reads.add(key);
      return values.get(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      listed = true;
      return values.entrySet();
    }
  }

  private static EnvLoader loader(Map<String, String> env) {
    return new EnvLoader(env, DsnTest.KEYS);
  }

  @Test
  void lookupReadsOnlyTheVariableOfThatName() {
    RecordingEnv env =
        new RecordingEnv(
            Map.of(
                "LLM_M1", "foreman://token@host",
                "LLM_BROKEN", "x://h:99999",
                "LLM_ALSO_BROKEN", "fast,,thinking",
                "LLM_", "x://h"));
    EnvLoader loader = loader(env);

    Optional<EnvEntry> entry = loader.lookup("m1");

    assertThat(entry).get().isInstanceOf(ModelEntry.class);
    assertThat(((ModelEntry) entry.get()).spec().host()).isEqualTo("host");
    assertThat(env.reads).containsExactly("LLM_M1");
    assertThat(env.listed).isFalse();
  }

  @Test
  void missesAreCachedOnlyUpToABound() {
    RecordingEnv env = new RecordingEnv(Map.of("LLM_M1", "foreman://token@host"));
    EnvLoader loader = loader(env);
    assertThat(loader.lookup("m1")).isPresent();
    // Names built from input: each distinct miss would otherwise stay cached forever.
    for (int i = 0; i < 100_000; i++) {
      assertThat(loader.lookup("user" + i)).isEmpty();
    }
    assertThat(loader.cachedVariables()).isLessThanOrEqualTo(EnvLoader.MAX_CACHED_MISSES + 1);
    // Within the bound a miss is read once; past it, it is read again (and still a miss).
    env.reads.clear();
    assertThat(loader.lookup("user0")).isEmpty();
    assertThat(loader.lookup("user99999")).isEmpty();
    assertThat(env.reads).containsExactly("LLM_USER99999");
    // A defined variable stays cached whatever the misses did.
    assertThat(loader.lookup("m1")).isPresent();
    assertThat(env.reads).containsExactly("LLM_USER99999");
  }

  @Test
  void lookupOfAnUnsetVariableIsEmpty() {
    assertThat(loader(Map.of("LLM_OTHER", "x://h")).lookup("missing")).isEmpty();
  }

  @Test
  void lookupCachesTheResultIncludingAbsence() {
    RecordingEnv env = new RecordingEnv(Map.of("LLM_FAST_MINI", "m1,openai/gpt-4o-mini"));
    EnvLoader loader = loader(env);

    EnvEntry first = loader.lookup("Fast-Mini").orElseThrow();
    EnvEntry second = loader.lookup("fast.mini").orElseThrow();
    EnvEntry third = loader.lookup("fast_mini").orElseThrow();
    loader.lookup("absent");
    loader.lookup("absent");

    assertThat(first).isSameAs(second).isSameAs(third);
    assertThat(first.name()).isEqualTo("fast_mini");
    assertThat(first.variable()).isEqualTo("LLM_FAST_MINI");
    assertThat(env.reads).containsExactly("LLM_FAST_MINI", "LLM_ABSENT");
  }

  @Test
  void aMalformedValueFailsTheLookupEveryTime() {
    RecordingEnv env = new RecordingEnv(Map.of("LLM_M1", "x://h:0"));
    EnvLoader loader = loader(env);

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> loader.lookup("m1"))
          .isInstanceOfSatisfying(
              ConfigException.class, e -> assertThat(e.variable()).isEqualTo("LLM_M1"))
          .hasMessageContaining("out of range");
    }
    assertThat(env.reads).containsExactly("LLM_M1", "LLM_M1");
  }

  @Test
  void anEmptyValueIsAnError() {
    assertThatThrownBy(() -> loader(Map.of("LLM_M1", "")).lookup("m1"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "LLM_M1: the value is empty; expected a DSN such as foreman://<token>@<host>/<model> or"
                + " a chain such as fast,openai/gpt-4o-mini");
  }

  @Test
  void lookupRejectsNamesOutsideTheGrammar() {
    RecordingEnv env = new RecordingEnv(Map.of());
    assertThatThrownBy(() -> loader(env).lookup("ollama/qwen3"))
        .isInstanceOf(ChainSyntaxException.class);
    assertThat(env.reads).isEmpty();
  }

  @Test
  void scanAllLoadsEveryLlmVariableSortedByVariable() {
    Map<String, String> env =
        Map.of(
            "LLM_ZED", "ollama://localhost:11434/qwen3:8b?keep_alive=5m",
            "LLM_FAST", "zed,openai/gpt-4o-mini",
            "LLM_M1", "foreman://token@host",
            "OPENAI_API_KEY", "not ours",
            "PATH", "/usr/bin");

    List<EnvEntry> entries = loader(env).scanAll();

    assertThat(entries)
        .extracting(EnvEntry::variable)
        .containsExactly("LLM_FAST", "LLM_M1", "LLM_ZED");
    assertThat(entries).extracting(EnvEntry::name).containsExactly("fast", "m1", "zed");
    assertThat(entries.get(0)).isInstanceOf(AliasEntry.class);
    assertThat(((AliasEntry) entries.get(0)).chain()).startsWith(new Name("zed"));
    assertThat(((ModelEntry) entries.get(2)).spec().parameters()).containsEntry("keep_alive", "5m");
  }

  @Test
  void scanAllReportsEveryMalformedVariableAtOnce() {
    Map<String, String> env = new TreeMap<>();
    env.put("LLM_GOOD", "foreman://token@host");
    env.put("LLM_BAD_RANGE", "x://h:99999");
    env.put("LLM_BAD_CHAIN", "fast,,thinking");
    env.put("LLM_BAD_QUERY", "x://h?colour=blue");
    env.put("LLM_", "x://h");
    env.put("LLM_lower", "x://h");
    env.put("LLM_EMPTY", "");

    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> loader(env).scanAll());

    assertThat(e.variable()).isNull();
    assertThat(e.problems())
        .extracting(ConfigException::variable)
        .containsExactly(
            "LLM_", "LLM_BAD_CHAIN", "LLM_BAD_QUERY", "LLM_BAD_RANGE", "LLM_EMPTY", "LLM_lower");
    assertThat(e.getSuppressed()).hasSize(6);
    assertThat(e.getMessage())
        .startsWith("6 configuration variables are malformed:")
        .contains("LLM_BAD_RANGE: the port 99999 is out of range")
        .contains("LLM_BAD_CHAIN: not a valid chain: empty element")
        .contains("LLM_BAD_QUERY: unknown query parameter \"colour\"")
        .contains("LLM_: the variable names no model")
        .contains("LLM_lower: ")
        .contains("LLM_EMPTY: the value is empty")
        .doesNotContain("LLM_GOOD");
    assertThat(e.problems().get(1).index()).hasValue(5);
  }

  @Test
  void aSingleMalformedVariableIsReportedAsItself() {
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class,
            () -> loader(Map.of("LLM_A", "x://h", "LLM_B", "x://h:0")).scanAll());

    assertThat(e.variable()).isEqualTo("LLM_B");
    assertThat(e.problems()).containsExactly(e);
  }

  @Test
  void lookupsAfterAScanAreServedFromTheCache() {
    RecordingEnv env = new RecordingEnv(Map.of("LLM_M1", "foreman://token@host"));
    EnvLoader loader = loader(env);

    EnvEntry scanned = loader.scanAll().get(0);
    EnvEntry looked = loader.lookup("m1").orElseThrow();

    assertThat(looked).isSameAs(scanned);
    assertThat(env.reads).isEmpty();
  }

  @Test
  void concurrentLookupsAgreeOnOneEntry() throws Exception {
    AtomicInteger parses = new AtomicInteger();
    Function<String, Set<String>> keys =
        scheme -> {
          parses.incrementAndGet();
          return Set.of("region");
        };
    EnvLoader loader = new EnvLoader(Map.of("LLM_M1", "x://h/m?region=eu"), keys);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<EnvEntry>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<EnvEntry> task =
            () -> {
              start.await();
              return loader.lookup("m1").orElseThrow();
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      EnvEntry first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<EnvEntry> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(parses.get()).isBetween(1, threads);
      assertThat(loader.lookup("m1")).containsSame(first);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void constructorRequiresItsArguments() {
    assertThatThrownBy(() -> new EnvLoader(null, DsnTest.KEYS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new EnvLoader(Map.of(), null))
        .isInstanceOf(NullPointerException.class);
  }
}
