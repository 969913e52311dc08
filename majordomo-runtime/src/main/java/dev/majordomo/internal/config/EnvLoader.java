package dev.majordomo.internal.config;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainSyntax;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.internal.grammar.SchemeGrammar;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads models and aliases from {@code LLM_<NAME>} variables: lazily, one name at a time ({@link
 * #lookup}), or all at once ({@link #scanAll}). The environment is an injected map, so tests never
 * touch the real process environment; pass {@code System.getenv()} for that.
 *
 * <p>Each variable is read and parsed at most once; its result is cached. Its absence is cached
 * too, for the first {@link #MAX_CACHED_MISSES} names looked up and not found; names beyond that
 * (built from input, say) are read again on each lookup, so the cache stays bounded by the
 * environment. A malformed value is not cached: looking it up again reports it again. Thread-safe,
 * provided the map may be read from several threads (as {@code System.getenv()} and immutable maps
 * may).
 */
public final class EnvLoader {
  private static final Logger LOG = System.getLogger(EnvLoader.class.getName());

  /** URIs without an authority that no LLM provider uses (listed in {@code docs/env-dsn.md}). */
  private static final Pattern OPAQUE_URI =
      Pattern.compile("\\s*(?i:mailto|tel|sms|urn|data|xmpp|geo|magnet|news):.*", Pattern.DOTALL);

  /**
   * Schemes of other services' URLs ({@code LLM_API_BASE=https://…}, {@code LLM_CACHE=redis://…}):
   * no LLM provider uses them, so a value with one is never a Majordomo model. Listed in {@code
   * docs/env-dsn.md}.
   */
  static final Set<String> OTHER_SERVICES_SCHEMES =
      Set.of(
          "http",
          "https",
          "ws",
          "wss",
          "redis",
          "rediss",
          "postgres",
          "postgresql",
          "mysql",
          "mariadb",
          "sqlite",
          "sqlserver",
          "jdbc",
          "mongodb",
          "mongodb+srv",
          "amqp",
          "amqps",
          "kafka",
          "nats",
          "mqtt",
          "mqtts",
          "file",
          "s3",
          "gs",
          "hdfs",
          "ftp",
          "ftps",
          "sftp",
          "ssh",
          "git",
          "smtp",
          "smtps",
          "imap",
          "imaps",
          "ldap",
          "ldaps",
          "socks",
          "socks4",
          "socks4a",
          "socks5",
          "socks5h",
          "tcp",
          "udp",
          "unix",
          "memcached");

  private final Map<String, String> env;
  private final Function<String, Set<String>> providerKeys;
  private final ConcurrentMap<String, Optional<EnvEntry>> cache = new ConcurrentHashMap<>();

  /** The most unset variables whose absence is cached; a program looks up a handful. */
  static final int MAX_CACHED_MISSES = 1024;

  private final AtomicInteger cachedMisses = new AtomicInteger();

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
   * @throws ConfigException if the variable's value is malformed, or if the variable is one that
   *     Majordomo leaves to other tools ({@code LLM_API_KEY}, {@code LLM_BASE_URL}, {@code
   *     LLM_MODEL}, …; see {@code docs/env-dsn.md}), set or not
   * @throws dev.majordomo.chain.ChainSyntaxException if {@code name} is not a valid chain name
   */
  public Optional<EnvEntry> lookup(String name) {
    String variable = EnvNames.envVariableFor(name);
    if (EnvNames.isForeign(variable)) {
      // Set or not, its value is never read: it belongs to another tool.
      throw foreign(variable);
    }
    Optional<EnvEntry> cached = cache.get(variable);
    if (cached != null) {
      return cached;
    }
    String value = env.get(variable);
    if (value == null) {
      return cacheMiss(variable);
    }
    String other = otherServiceScheme(value);
    if (other != null) {
      throw new ConfigException(
          variable,
          "not a Majordomo model or alias: the value is a "
              + other
              + ":// URL (the value is not quoted), another service's address; a model is a DSN"
              + " with a provider's scheme, such as foreman://<token>@<host>/<model>, and an alias"
              + " a chain such as fast,openai/gpt-4o-mini");
    }
    Optional<EnvEntry> loaded = Optional.of(load(variable, value));
    Optional<EnvEntry> raced = cache.putIfAbsent(variable, loaded);
    return raced == null ? loaded : raced;
  }

  /** Caches the absence of {@code variable} while fewer than the bound are cached. */
  private Optional<EnvEntry> cacheMiss(String variable) {
    if (cachedMisses.getAndUpdate(n -> n < MAX_CACHED_MISSES ? n + 1 : n) < MAX_CACHED_MISSES
        && cache.putIfAbsent(variable, Optional.empty()) != null) {
      // Another thread cached it first: give the slot back.
      cachedMisses.decrementAndGet();
    }
    return Optional.empty();
  }

  /**
   * Every entry that an {@code LLM_*} variable defines, sorted by variable. Variables that are
   * plainly not Majordomo definitions are skipped, each with one {@code INFO} line that names the
   * variable only: those named like another tool's credential or endpoint ({@code LLM_API_KEY},
   * {@code LLM_BASE_URL}, {@code LLM_MODEL}, …), those whose value is another service's URL ({@link
   * #OTHER_SERVICES_SCHEMES}: {@code https://…}, {@code redis://…}), and those whose value could be
   * neither a DSN nor a chain (no {@code ://}, no {@code ,}, not {@code scheme:/…} or {@code
   * scheme:…@…}, and not a valid chain: {@code 1}, {@code hunter2!x}, {@code ops@example.com}). A
   * lookup of such a name still fails with the reason.
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
      if (EnvNames.isForeign(e.getKey())) {
        skip(e.getKey(), "named like another tool's credential, endpoint or setting");
        continue;
      }
      if (otherServiceScheme(e.getValue()) != null) {
        skip(e.getKey(), "its value is another service's URL");
        continue;
      }
      if (plainlyNotADefinition(e.getValue())) {
        skip(e.getKey(), "its value is neither a DSN nor a chain");
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

  private static void skip(String variable, String why) {
    // The variable only: its value may be another tool's secret.
    LOG.log(
        Level.INFO,
        () ->
            variable
                + ": skipped, not a Majordomo model or alias ("
                + why
                + "); a chain that names it will report why");
  }

  /**
   * The scheme of {@code value}, lower-case, when it is a URL whose scheme is one of {@link
   * #OTHER_SERVICES_SCHEMES}; else null. A scheme not on that list ({@code opnai://}) is left to
   * the DSN parser and the providers, which report it.
   */
  static String otherServiceScheme(String value) {
    if (value == null) {
      return null;
    }
    int separator = value.indexOf("://");
    if (separator <= 0) {
      return null;
    }
    String scheme = value.substring(0, separator).strip().toLowerCase(Locale.ROOT);
    return OTHER_SERVICES_SCHEMES.contains(scheme) ? scheme : null;
  }

  /**
   * Whether {@code value} is plainly not meant as a DSN or a chain: not blank (an empty variable is
   * reported), no {@code ://}, no {@code ,} (a list is meant as a chain), no {@code scheme:/} start
   * or {@code scheme:…@} start (a DSN with a typo: {@code foreman:<token>@host}), and not a valid
   * chain. An {@code @} alone does not make it a definition: {@code ops@example.com} is an address,
   * and a DSN without its scheme ({@code <token>@host}) is reported by a lookup.
   */
  private static boolean plainlyNotADefinition(String value) {
    if (value != null && OPAQUE_URI.matcher(value).matches()) {
      return true; // mailto:ops@example.com, tel:…, urn:…: no provider speaks these
    }
    if (value == null || value.isBlank() || value.contains("://") || value.indexOf(',') >= 0) {
      return false;
    }
    int colon = SchemeGrammar.leadingSchemeColon(value);
    if (colon >= 0 && (value.startsWith("/", colon + 1) || value.indexOf('@', colon + 1) >= 0)) {
      return false;
    }
    try {
      ChainSyntax.parse(value);
      return false;
    } catch (ChainSyntaxException notAChain) {
      return true;
    }
  }

  private static ConfigException foreign(String variable) {
    return new ConfigException(
        variable,
        "not a Majordomo model or alias: Majordomo leaves LLM_ variables named like a credential,"
            + " an endpoint or another tool's setting (names ending in _KEY, _TOKEN, _PASSWORD,"
            + " _ID, _URL, _HOST, _PORT, …, also with a version such as _2 or _OLD, and LLM_MODEL,"
            + " LLM_PROVIDER) to other"
            + " tools and never reads their values. Define the model or alias under another name"
            + " (such as LLM_MAIN), holding a DSN such as foreman://<token>@<host>/<model> or a"
            + " chain such as fast,openai/gpt-4o-mini");
  }

  private EnvEntry load(String variable, String value) {
    EnvEntry entry = Dsn.parse(variable, value, providerKeys);
    // The variable and the kind only: an alias's elements may be a secret that happens to parse
    // as a chain (LLM_OPENAI_APIKEY=sk-proj-…), and a model id or host is the user's business.
    LOG.log(
        Level.DEBUG,
        () ->
            variable
                + ": loaded "
                + (entry instanceof EnvEntry.ModelEntry m
                    ? "a model (scheme " + m.spec().scheme() + ")"
                    : "an alias"));
    return entry;
  }

  /** How many variables have their result cached, misses included (for tests). */
  int cachedVariables() {
    return cache.size();
  }
}
