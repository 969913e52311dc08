package dev.majordomo;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A malformed configuration value, such as an {@code LLM_<NAME>} variable that is neither a valid
 * DSN nor a valid chain. The message starts with the variable and says what is wrong; it never
 * contains an API token.
 *
 * <p>An eager scan that finds several malformed variables throws one {@code ConfigException} that
 * lists them all; each is also attached as a suppressed exception and returned by {@link
 * #problems()}.
 */
public class ConfigException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the variable at fault, or null
   */
  private final String variable;

  /**
   * @serial the index of the problem in the value, or -1
   */
  private final int index;

  /**
   * Creates an exception about {@code variable}.
   *
   * @param variable the variable at fault, or {@code null} when the error is not about one
   * @param message what is wrong; the variable is prepended
   */
  public ConfigException(String variable, String message) {
    this(variable, message, -1, null);
  }

  /**
   * Creates an exception about {@code variable}, caused by another error.
   *
   * @param variable the variable at fault, or {@code null} when the error is not about one
   * @param message what is wrong; the variable is prepended
   * @param cause the underlying error; its message must not hold a token either
   */
  public ConfigException(String variable, String message, Throwable cause) {
    this(variable, message, -1, cause);
  }

  /**
   * Creates an exception about {@code variable} that points at a position in its value.
   *
   * @param variable the variable at fault, or {@code null} when the error is not about one
   * @param message what is wrong; the variable is prepended
   * @param index the 0-based index of the problem in the variable's value, or -1 for none
   * @param cause the underlying error, or {@code null}; its message must not hold a token either
   */
  public ConfigException(String variable, String message, int index, Throwable cause) {
    super(variable == null ? message : variable + ": " + message, cause);
    this.variable = variable;
    this.index = index;
  }

  /**
   * One exception for all of {@code problems}: the single one itself, or an exception listing every
   * one, each attached as suppressed.
   *
   * @param problems the exceptions to combine, at least one
   * @return the single problem, or an exception listing them all
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public static ConfigException combine(List<ConfigException> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems to combine");
    }
    if (problems.size() == 1) {
      return problems.get(0);
    }
    StringBuilder s =
        new StringBuilder(String.valueOf(problems.size()))
            .append(" configuration variables are malformed:");
    for (ConfigException problem : problems) {
      s.append("\n  - ").append(problem.getMessage().replace("\n", "\n    "));
    }
    ConfigException combined = new ConfigException(null, s.toString());
    problems.forEach(combined::addSuppressed);
    return combined;
  }

  /**
   * {@return the variable at fault, such as {@code LLM_FAST}}; {@code null} for a combined
   * exception, whose {@link #problems()} name theirs.
   */
  public String variable() {
    return variable;
  }

  /**
   * {@return the 0-based character index of the problem in the variable's value, where one is
   * known}: for a value that is a chain, the index of its syntax error.
   */
  public OptionalInt index() {
    return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
  }

  /** {@return every problem this exception reports: itself, or for a combined one each listed} */
  public List<ConfigException> problems() {
    List<ConfigException> listed = new ArrayList<>();
    for (Throwable suppressed : getSuppressed()) {
      if (suppressed instanceof ConfigException problem) {
        listed.add(problem);
      }
    }
    return listed.isEmpty() ? List.of(this) : List.copyOf(listed);
  }
}
