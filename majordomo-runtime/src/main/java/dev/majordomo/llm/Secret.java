package dev.majordomo.llm;

import java.util.Objects;

/**
 * An API token. Its {@code toString} never shows the value; only {@link #reveal()} does, and only a
 * provider building an HTTP header should call it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a token.
   *
   * @param value the token, not empty
   * @return the secret
   * @throws IllegalArgumentException if the token is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret cannot be empty");
    }
    return new Secret(value);
  }

  /**
   * {@return the token itself} For request headers only: never log, print or put it in a message.
   */
  public String reveal() {
    return value;
  }

  /**
   * {@return {@code text} with every occurrence of this secret replaced by {@code ***}}
   *
   * @param text the text, or {@code null}
   */
  public String redact(String text) {
    return text == null ? null : text.replace(value, "***");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && other.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "***";
  }
}
