package dev.majordomo.config;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Reads models and aliases from {@code LLM_<NAME>} variables: lazily, one name at a time ({@link
 * #lookup}), or all at once ({@link #scanAll}). The environment is an injected map, so tests never
 * touch the real process environment; pass {@code System.getenv()} for that.
 *
 * <p>Each variable is read and parsed at most once; its result (including its absence) is cached. A
 * malformed value is not cached: looking it up again reports it again. Thread-safe, provided the
 * map may be read from several threads (as {@code System.getenv()} and immutable maps may).
 */
public final class EnvLoader {
  private static final Logger LOG = System.getLogger(EnvLoader.class.getName());

  private final Map<String, String> env;
  private final Function<String, Set<String>> providerKeys;
  private final ConcurrentMap<String, Optional<EnvEntry>> cache = new ConcurrentHashMap<>();

  /**
   * @param env the environment; read on demand, not copied
   * @param providerKeys the provider-specific query keys each scheme accepts; see {@link Dsn#parse}
   */
  public EnvLoader(Map<String, String> env, Function<String, Set<String>> providerKeys) {
    this.env = Objects.requireNonNull(env, "env");
    this.providerKeys = Objects.requireNonNull(providerKeys, "providerKeys");
  }

  /**
   * What {@code LLM_<NAME>} defines for {@code name}, reading that variable only. {@code
   * fast-mini}, {@code fast.mini} and {@code fast_mini} all read {@code LLM_FAST_MINI}; the entry's
   * name is derived from the variable ({@code fast_mini}).
   *
   * @return the entry, or empty when the variable is not set
   * @throws ConfigException if the variable's value is malformed
   * @throws dev.majordomo.chain.ChainSyntaxException if {@code name} is not a valid chain name
   */
  public Optional<EnvEntry> lookup(String name) {
    String variable = EnvNames.envVariableFor(name);
    Optional<EnvEntry> cached = cache.get(variable);
    if (cached != null) {
      return cached;
    }
    String value = env.get(variable);
    Optional<EnvEntry> loaded =
        value == null ? Optional.empty() : Optional.of(load(variable, value));
    Optional<EnvEntry> raced = cache.putIfAbsent(variable, loaded);
    return raced == null ? loaded : raced;
  }

  /**
   * Every entry that an {@code LLM_*} variable defines, sorted by variable.
   *
   * @throws ConfigException listing every malformed variable (each attached as suppressed), if any
   */
  public List<EnvEntry> scanAll() {
    Map<String, String> variables = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey() != null && e.getKey().startsWith(EnvNames.PREFIX)) {
        variables.put(e.getKey(), e.getValue());
      }
    }
    List<EnvEntry> entries = new ArrayList<>();
    List<ConfigException> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : variables.entrySet()) {
      Optional<EnvEntry> cached = cache.get(e.getKey());
      if (cached != null && cached.isPresent()) {
        entries.add(cached.get());
        continue;
      }
      try {
        entries.add(load(e.getKey(), e.getValue()));
      } catch (ConfigException problem) {
        problems.add(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw ConfigException.combine(problems);
    }
    for (EnvEntry entry : entries) {
      cache.putIfAbsent(entry.variable(), Optional.of(entry));
    }
    return List.copyOf(entries);
  }

  private EnvEntry load(String variable, String value) {
    EnvEntry entry = Dsn.parse(variable, value, providerKeys);
    // The entry's toString masks the token.
    LOG.log(Level.DEBUG, () -> "loaded " + entry);
    return entry;
  }
}
