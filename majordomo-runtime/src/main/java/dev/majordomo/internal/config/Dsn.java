package dev.majordomo.internal.config;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainElement;
import dev.majordomo.chain.ChainSyntax;
import dev.majordomo.chain.ChainSyntaxException;
import dev.majordomo.internal.grammar.Characters;
import dev.majordomo.internal.grammar.DurationGrammar;
import dev.majordomo.internal.grammar.SchemeGrammar;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses the value of one {@code LLM_<NAME>} variable.
 *
 * <pre>
 * LLM_&lt;NAME&gt;=&lt;scheme&gt;://[&lt;token&gt;@]&lt;host&gt;[:&lt;port&gt;][/&lt;model-id&gt;][?&lt;key&gt;=&lt;value&gt;(&amp;&lt;key&gt;=&lt;value&gt;)*]
 * LLM_&lt;NAME&gt;=&lt;chain&gt;      ; a value without "://" defines an alias
 * </pre>
 *
 * <p>The token and the model id are percent-decoded ({@code %40} for {@code @}); the model id is
 * everything after the first {@code /} after the host, verbatim otherwise. An {@code @} after the
 * first {@code /}, {@code ?} or {@code #} belongs to the model id or the query when a token ended
 * before that delimiter; without a token it is refused (it may end a token with an unencoded
 * delimiter), so there an {@code @} in a model id or a query value is written {@code %40}. The
 * query accepts {@code tls=true|false}, {@code timeout=30s|500ms|2m|1h|PT30S} (lower-case units, no
 * spaces; at most a {@code long} of nanoseconds), {@code base_path=/v1}, and the keys the scheme's
 * provider declares; any other key is an error. Error messages name the variable and never contain
 * the token.
 */
public final class Dsn {
  /** The query keys every scheme accepts. */
  private static final Set<String> SHARED_KEYS = Set.of("tls", "timeout", "base_path");

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final int SHORTEST_REDACTED_TOKEN = 6;

  private Dsn() {}

  /**
   * The model or alias that {@code variable=value} defines.
   *
   * @param variable the variable, such as {@code LLM_FAST_MINI}; the entry's name is derived from
   *     it ({@code fast_mini})
   * @param value the variable's value: a DSN, or a chain for an alias
   * @param providerKeys the provider-specific query keys a scheme accepts (besides {@code tls},
   *     {@code timeout} and {@code base_path}); asked only when a DSN has such a key, and may
   *     answer {@code null} for none
   * @throws ConfigException if the variable or its value is malformed
   */
  public static EnvEntry parse(
      String variable, String value, Function<String, Set<String>> providerKeys) {
    return parse(EnvNames.nameFor(variable), variable, value, providerKeys);
  }

  /**
   * The model or alias that {@code value} defines under {@code name}, for definitions that do not
   * come from a variable (such as {@code Registry.builder().model(name, dsn)}).
   *
   * @param name the name the entry defines
   * @param variable where the value comes from, as error messages should name it (for example
   *     {@code model 'm1'}); it is what {@link ConfigException#variable()} returns
   */
  public static EnvEntry parse(
      String name, String variable, String value, Function<String, Set<String>> providerKeys) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(providerKeys, "providerKeys");
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          variable,
          "the value is empty; expected a DSN such as foreman://<token>@<host>/<model> or a chain"
              + " such as fast,openai/gpt-4o-mini");
    }
    if (!value.contains("://")) {
      return new EnvEntry.AliasEntry(
          name, variable, alias(variable, value, variable.startsWith(EnvNames.PREFIX)));
    }
    return new EnvEntry.ModelEntry(
        name, variable, new Parser(variable, value, providerKeys).parse());
  }

  /**
   * The chain {@code value}. A value that is not one is neither a DSN nor a chain: when it comes
   * from the environment ({@code fromEnvironment}) it may be another tool's secret ({@code
   * LLM_DB_PASSWORD=hunter2!x}), so the error quotes nothing of it and keeps no cause that would.
   */
  private static List<ChainElement> alias(String variable, String value, boolean fromEnvironment) {
    try {
      return ChainSyntax.parse(value);
    } catch (ChainSyntaxException e) {
      if (SchemeGrammar.leadingSchemeColon(value) >= 0) {
        // "foreman:/token@host" is a mistyped DSN, not a chain: quoting it would show the token,
        // and "hunter2:x" is a password whose head would pass for a scheme.
        throw new ConfigException(
            variable,
            "the value starts like a DSN (a scheme and \":\", not quoted) but has no \"://\""
                + " after the scheme; a DSN is <scheme>://[<token>@]<host>[:<port>][/<model-id>],"
                + " anything else is read as a chain",
            e.index(),
            null);
      }
      if (value.indexOf('@') >= 0) {
        // "token@host/model" is a DSN without its scheme: quoting it would show the token.
        throw new ConfigException(
            variable,
            "not a valid chain, and it holds \"@\" as a DSN's token would (the value is not"
                + " quoted); a DSN is <scheme>://[<token>@]<host>[:<port>][/<model-id>]",
            e.index(),
            null);
      }
      if (fromEnvironment) {
        throw new ConfigException(
            variable,
            "not a valid chain: "
                + unquotedProblem(e)
                + " at index "
                + e.index()
                + " (the value is not quoted); expected a DSN such as"
                + " foreman://<token>@<host>/<model> or a chain such as fast,openai/gpt-4o-mini",
            e.index(),
            null);
      }
      throw new ConfigException(variable, "not a valid chain: " + e.getMessage(), e.index(), e);
    }
  }

  /** What {@link ChainSyntaxException#problem()} says, without the element it quotes. */
  private static String unquotedProblem(ChainSyntaxException e) {
    String problem = e.problem();
    if (problem.startsWith("empty element")) {
      return problem;
    }
    if (problem.startsWith("white space")) {
      return "white space in an element";
    }
    if (problem.contains("must start with a letter")) {
      return "an element or its scheme does not start with a letter";
    }
    if (problem.startsWith("illegal character")) {
      return "an illegal character (a name holds letters, digits, \"_\", \"-\" and \".\")";
    }
    if (problem.contains("has no scheme before")) {
      return "a scheme/model element has no scheme before \"/\"";
    }
    if (problem.contains("has no model id after")) {
      return "a scheme/model element has no model id after \"/\"";
    }
    return "a syntax error";
  }

  /** One DSN. Messages never quote the authority: the token lives there. */
  private static final class Parser {
    private final String variable;
    private final String value;
    private final Function<String, Set<String>> providerKeys;
    private String rawToken;
    private String token;

    Parser(String variable, String value, Function<String, Set<String>> providerKeys) {
      this.variable = variable;
      this.value = value;
      this.providerKeys = providerKeys;
    }

    ModelSpec parse() {
      checkCharacters();
      int separator = value.indexOf("://");
      String rest = value.substring(separator + 3);
      checkNoSplitToken(rest);
      String scheme = scheme(value.substring(0, separator));
      int authorityEnd = indexOfAny(rest, 0, "/?");
      String authority = rest.substring(0, authorityEnd);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        rawToken = authority.substring(0, at);
        if (rawToken.isEmpty()) {
          throw fail("the token before \"@\" is empty; give a token or drop the \"@\"");
        }
        token = decode(rawToken, "the token");
      }
      HostPort hostPort =
          HostPort.parse(
              authority.substring(at + 1), separator + 3 + at + 1, rawToken != null, this::fail);

      String modelId = null;
      String query = null;
      String tail = rest.substring(authorityEnd);
      if (tail.startsWith("/")) {
        int question = tail.indexOf('?');
        String rawId = question < 0 ? tail.substring(1) : tail.substring(1, question);
        modelId = rawId.isEmpty() ? null : decode(rawId, "the model id");
        query = question < 0 ? null : tail.substring(question + 1);
      } else if (tail.startsWith("?")) {
        query = tail.substring(1);
      }

      Query q = new Query(scheme);
      if (query != null) {
        q.parse(query);
      }
      return new ModelSpec(
          scheme,
          token == null ? null : Secret.of(token),
          hostPort.host(),
          hostPort.port(),
          modelId,
          q.tls,
          q.timeout,
          q.basePath,
          q.parameters);
    }

    private void checkCharacters() {
      for (int i = 0; i < value.length(); ) {
        int cp = value.codePointAt(i);
        if (Characters.isWhiteSpace(cp)) {
          throw fail(
              "the DSN contains white space "
                  + Characters.describe(cp)
                  + " at index "
                  + i
                  + "; a DSN has none");
        }
        if (Character.isISOControl(cp) || Character.isSurrogate(value.charAt(i))) {
          throw fail(
              "the DSN contains a control character or a lone surrogate "
                  + Characters.describe(cp)
                  + " at index "
                  + i);
        }
        i += Character.charCount(cp);
      }
    }

    /**
     * Refuses an {@code @} after the first {@code /}, {@code ?} or {@code #} that follows {@code
     * ://}, unless the authority before that delimiter already holds an {@code @}. Such an
     * {@code @} may end a token holding an unencoded delimiter ({@code
     * openai://abc/def@api.openai.com/gpt-4o}): read as a URL, the first half of the token would
     * become the host (a DNS lookup, and the provider's API key sent there) and the second half
     * part of the model id, shown in every target, event and log line. When the authority holds an
     * {@code @}, the token has ended there and a later {@code @} belongs to the model id or a query
     * value ({@code openai://<token>@gw/claude-3-5-sonnet@20240620}); without one, nothing tells
     * the two apart, so the DSN is refused quoting nothing of the value.
     */
    private void checkNoSplitToken(String rest) {
      int delimiter = indexOfAny(rest, 0, "/?#");
      int tokenEnd = rest.lastIndexOf('@', delimiter - 1);
      if (tokenEnd >= 0 && tokenEnd == rest.lastIndexOf('@', indexOfAny(rest, 0, "/?") - 1)) {
        // The authority holds an "@": the token has ended there, and a later "@" belongs to the
        // model id or a query value (openai://<token>@gw/claude-3-5-sonnet@20240620). The second
        // test keeps "tok@h#x@y" refused: parse() would read its token up to the last "@".
        // Unless what follows a later "@" reads like a host: then the token itself held an "@"
        // and a "/" (openai://p@ss/w0rd@api.openai.com/m), and accepting it would send "p" to a
        // host "ss" and show "w0rd" in every target and log line.
        if (!aLaterAtPrecedesAHost(rest, delimiter)) {
          return;
        }
      }
      if (delimiter < rest.length() && rest.indexOf('@', delimiter) >= 0) {
        throw fail(
            "an \"@\" follows a \"/\", \"?\" or \"#\" after \"://\" (the DSN is not quoted: it"
                + " may hold a token). If the \"@\" ends a token, percent-encode the token's \"/\""
                + " as %2F, \"?\" as %3F and \"#\" as %23 (and \"%\" as %25): unencoded, they split"
                + " the token into a host and a model id. If the \"@\" belongs to the model id or a"
                + " query value, write it as %40");
      }
    }

    /**
     * Whether some "@" after {@code from} is followed by text that could be a host (a dot, a colon
     * or "localhost" before the next "/", "?" or "#"): a model id's version suffix ({@code
     * claude-3-5-sonnet@20240620}) is not.
     */
    private static boolean aLaterAtPrecedesAHost(String rest, int from) {
      for (int at = rest.indexOf('@', from); at >= 0; at = rest.indexOf('@', at + 1)) {
        int end = indexOfAny(rest, at + 1, "/?#&");
        String after = rest.substring(at + 1, end);
        if (after.indexOf('.') >= 0
            || after.indexOf(':') >= 0
            || after.equalsIgnoreCase("localhost")) {
          return true;
        }
      }
      return false;
    }

    private String scheme(String text) {
      if (text.isEmpty()) {
        throw fail(
            "the DSN has no scheme before \"://\"; write <scheme>://[<token>@]<host>, as in"
                + " openai://<token>@api.openai.com");
      }
      int i = SchemeGrammar.firstIllegal(text, 0, text.length());
      if (i == 0) {
        throw fail(
            "the scheme must start with a letter, not " + Characters.describe(text.codePointAt(0)));
      }
      if (i > 0) {
        throw fail(
            "illegal character "
                + Characters.describe(text.codePointAt(i))
                + " at index "
                + i
                + " in the scheme ("
                + SchemeGrammar.HOLDS
                + ")");
      }
      return SchemeGrammar.normalize(text);
    }

    private String decode(String text, String what) {
      return PercentDecoding.decode(text, what, this::fail);
    }

    private ConfigException fail(String message) {
      String safe = message;
      // Messages are built never to quote the token; redacting as well guards against a mistake.
      for (String secret : new String[] {rawToken, token}) {
        if (secret != null && secret.length() >= SHORTEST_REDACTED_TOKEN) {
          safe = safe.replace(secret, "***");
        }
      }
      return new ConfigException(variable, safe);
    }

    private final class Query {
      private final String scheme;
      private final Map<String, String> parameters = new LinkedHashMap<>();
      private final Set<String> seen = new TreeSet<>();
      private Boolean tls;
      private Duration timeout;
      private String basePath;

      Query(String scheme) {
        this.scheme = scheme;
      }

      void parse(String query) {
        if (query.isEmpty()) {
          throw fail("the query after \"?\" is empty");
        }
        for (String pair : query.split("&", -1)) {
          if (pair.isEmpty()) {
            throw fail("the query has an empty parameter (look for \"&&\" or a trailing \"&\")");
          }
          int equals = pair.indexOf('=');
          String key = equals < 0 ? pair : pair.substring(0, equals);
          if (key.isEmpty()) {
            throw fail("a query parameter has no key before \"=\"");
          }
          if (!KEY.matcher(key).matches() || key.length() > 64) {
            throw fail(
                "a query key may hold only letters, digits, \"_\", \".\" and \"-\" (at most 64)");
          }
          if (equals < 0) {
            throw fail("query parameter \"" + key + "\" has no value; write " + key + "=<value>");
          }
          if (!seen.add(key)) {
            throw fail("query parameter \"" + key + "\" is given more than once");
          }
          String raw = pair.substring(equals + 1);
          String decoded = decode(raw, "the value of \"" + key + "\"");
          switch (key) {
            case "tls" -> tls = bool(decoded);
            case "timeout" -> timeout = duration(decoded);
            case "base_path" -> basePath = basePath(decoded);
            default -> provider(key, decoded);
          }
        }
      }

      private Boolean bool(String text) {
        if (text.equalsIgnoreCase("true")) {
          return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
          return Boolean.FALSE;
        }
        throw fail("tls must be true or false, not " + echo(text));
      }

      private Duration duration(String text) {
        DurationGrammar.Result d = DurationGrammar.parse(text);
        if (d.problem() == null) {
          return d.duration();
        }
        throw fail(
            switch (d.problem()) {
              case MALFORMED ->
                  "timeout "
                      + echo(text)
                      + " is not a duration; write "
                      + DurationGrammar.FORMS
                      + " (lower-case units, no spaces)";
              case NOT_POSITIVE -> "timeout must be positive, not " + echo(text);
              case TOO_LONG ->
                  "timeout "
                      + echo(text)
                      + " is too long: at most a long of nanoseconds (about 292 years)";
            });
      }

      private String basePath(String text) {
        if (!text.startsWith("/")) {
          throw fail("base_path must start with \"/\", as in base_path=/v1");
        }
        String path = text;
        while (path.length() > 1 && path.endsWith("/")) {
          path = path.substring(0, path.length() - 1);
        }
        return path;
      }

      private void provider(String key, String decoded) {
        Set<String> accepted = providerKeys.apply(scheme);
        if (accepted == null || !accepted.contains(key)) {
          Set<String> all = new TreeSet<>(SHARED_KEYS);
          if (accepted != null) {
            all.addAll(accepted);
          }
          throw fail(
              "unknown query parameter \""
                  + key
                  + "\" for scheme \""
                  + scheme
                  + "\"; accepted: "
                  + String.join(", ", all));
        }
        parameters.put(key, decoded);
      }
    }

    /** {@code "text"} when short; the value of a common key is never a secret. */
    private static String echo(String text) {
      return text.length() > 24 ? "\"" + text.substring(0, 24) + "…\"" : "\"" + text + "\"";
    }

    private static int indexOfAny(String text, int from, String chars) {
      for (int i = from; i < text.length(); i++) {
        if (chars.indexOf(text.charAt(i)) >= 0) {
          return i;
        }
      }
      return text.length();
    }
  }
}
