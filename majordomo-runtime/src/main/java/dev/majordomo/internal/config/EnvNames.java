package dev.majordomo.internal.config;

import dev.majordomo.ConfigException;
import dev.majordomo.chain.ChainElement;
import dev.majordomo.internal.grammar.Characters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How chain names map to environment variables: {@code fast-mini} is read from {@code
 * LLM_FAST_MINI}, and {@code LLM_FAST_MINI} defines {@code fast_mini}.
 */
public final class EnvNames {
  /** The prefix of every model and alias variable. */
  public static final String PREFIX = "LLM_";

  /**
   * The last words of a name that other tools give their credentials, identifiers and endpoints
   * ({@code LLM_API_KEY}, {@code LLM_OPENAI_APIKEY}, {@code LLM_GITHUB_PAT}, {@code LLM_ORG_ID},
   * {@code LLM_BASE_URL}, {@code LLM_DB_PASSWORD}, {@code LLM_OLLAMA_HOST}): never a Majordomo
   * model or alias, and their values are never read. {@code PATH}, {@code FILE} and {@code DIR} are
   * not here: they end legitimate alias names ({@code LLM_FAST_PATH}), and a file path as a value
   * is skipped by the value rule anyway. {@code PASS} stays, though it ends {@code LLM_FIRST_PASS}:
   * a password shown by mistake costs more than an alias to rename.
   */
  static final Set<String> FOREIGN_LAST_WORDS =
      Set.of(
          "KEY",
          "APIKEY",
          "TOKEN",
          "PAT",
          "SECRET",
          "PASSWORD",
          "PASSWD",
          "PWD",
          "PASS",
          "PASSPHRASE",
          "CREDENTIAL",
          "CREDENTIALS",
          "AUTH",
          "ID",
          "URL",
          "URI",
          "ENDPOINT",
          "HOST",
          "PORT");

  /**
   * Trailing words that tell versions of one setting apart ({@code LLM_API_KEY_2}, {@code
   * LLM_TOKEN_OLD}): looked through, so the word before them decides. Words of digits only, and
   * digits ending a word ({@code LLM_API_KEY2}), are looked through too.
   */
  static final Set<String> VERSION_WORDS =
      Set.of(
          "OLD",
          "NEW",
          "PREV",
          "PREVIOUS",
          "BACKUP",
          "BAK",
          "ALT",
          "CURRENT",
          "NEXT",
          // V2 (digits are stripped first) and deployment stages: LLM_OPENAI_KEY_V2, _PROD
          "V",
          "PROD",
          "PRODUCTION",
          "DEV",
          "DEVELOPMENT",
          "STAGING",
          "STAGE",
          "TEST",
          "QA",
          "PRIMARY",
          "SECONDARY",
          "LIVE",
          "SANDBOX");

  /**
   * Whole names other tools use for a setting that is not a Majordomo definition ({@code
   * LLM_MODEL=gpt-4o}, {@code LLM_PROVIDER=openai}); {@code LLM_FAST_MODEL} stays a Majordomo name.
   */
  static final Set<String> FOREIGN_NAMES = Set.of("MODEL", "PROVIDER");

  private EnvNames() {}

  /**
   * Whether {@code variable} is an {@code LLM_} variable that Majordomo leaves to other tools: its
   * last {@code _}-separated word, looking through {@link #VERSION_WORDS} and digits, is one of
   * {@link #FOREIGN_LAST_WORDS}, or it is {@code LLM_MODEL} or {@code LLM_PROVIDER} (in any case).
   * Its value is never read.
   */
  static boolean isForeign(String variable) {
    if (variable == null || variable.length() <= PREFIX.length()) {
      return false;
    }
    String rest = variable.substring(PREFIX.length()).toUpperCase(Locale.ROOT);
    if (FOREIGN_NAMES.contains(rest)) {
      return true;
    }
    List<String> words = new ArrayList<>();
    int i = 0;
    while (i < rest.length()) {
      if (!isWordChar(rest.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < rest.length() && isWordChar(rest.charAt(i))) {
        i++;
      }
      words.add(rest.substring(start, i));
    }
    for (int w = words.size() - 1; w >= 0; w--) {
      String word = words.get(w);
      int end = word.length();
      while (end > 0 && Character.isDigit(word.charAt(end - 1))) {
        end--;
      }
      word = word.substring(0, end);
      if (word.isEmpty() || VERSION_WORDS.contains(word)) {
        continue; // LLM_API_KEY_2, LLM_TOKEN_OLD: the word before decides
      }
      return FOREIGN_LAST_WORDS.contains(word);
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * The variable that defines {@code name}: {@code LLM_} and the name upper-cased, with {@code -}
   * and {@code .} mapped to {@code _}. {@code fast-mini} → {@code LLM_FAST_MINI}.
   *
   * @throws dev.majordomo.chain.ChainSyntaxException if {@code name} is not a valid chain name
   */
  public static String envVariableFor(String name) {
    String normal = new ChainElement.Name(name).name();
    return PREFIX + normal.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /**
   * The name a variable defines: what follows {@code LLM_}, lower-cased. {@code LLM_FAST_MINI} →
   * {@code fast_mini}.
   *
   * @throws ConfigException unless the variable is {@code LLM_} followed by an upper-case letter
   *     and then upper-case letters, digits and {@code _} only: any other variable could never be
   *     found by a lookup, because {@link #envVariableFor} produces only that form
   */
  public static String nameFor(String variable) {
    if (variable == null || !variable.startsWith(PREFIX)) {
      throw new ConfigException(
          variable,
          "not a model variable: its name must start with " + PREFIX + ", as in LLM_FAST");
    }
    String rest = variable.substring(PREFIX.length());
    if (rest.isEmpty()) {
      throw new ConfigException(
          variable, "the variable names no model: write " + PREFIX + "<NAME>, as in LLM_FAST");
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      boolean upper = c >= 'A' && c <= 'Z';
      if (!(upper || (i > 0 && ((c >= '0' && c <= '9') || c == '_')))) {
        String suggestion = suggestion(rest);
        char head = suggestion.charAt(PREFIX.length());
        throw new ConfigException(
            variable,
            "the name after "
                + PREFIX
                + " must be an upper-case letter followed by upper-case letters, digits and \"_\";"
                + " found "
                + Characters.describe(variable.codePointAt(PREFIX.length() + i))
                + " at index "
                + (PREFIX.length() + i)
                + (head >= 'A' && head <= 'Z' ? " (lookups read " + suggestion + ")" : ""));
      }
    }
    return rest.toLowerCase(Locale.ROOT);
  }

  private static String suggestion(String rest) {
    StringBuilder s = new StringBuilder(PREFIX);
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      s.append(keep ? Character.toUpperCase(c) : '_');
    }
    return s.toString();
  }
}
