package dev.majordomo.internal.config;

import dev.majordomo.ConfigException;
import dev.majordomo.internal.grammar.Characters;
import java.util.Locale;
import java.util.function.Function;

/**
 * The host and port of a DSN's authority: {@code host}, {@code host:port}, {@code [::1]} or {@code
 * [::1]:port}.
 *
 * @param host the host, lower-case; an IPv6 address keeps its brackets
 * @param port the port, or {@code -1} when the DSN gives none
 */
record HostPort(String host, int port) {

  /**
   * Reads {@code text}, the authority after any token and {@code @}.
   *
   * @param offset where {@code text} starts in the DSN, for the indices in messages
   * @param afterToken whether a token and {@code @} came before, for the message about no host
   * @param fail the error for a message; messages never quote the text, which may hold a token
   *     whose "/" was not encoded
   */
  static HostPort parse(
      String text, int offset, boolean afterToken, Function<String, ConfigException> fail) {
    if (text.isEmpty()) {
      throw fail.apply(
          afterToken
              ? "the DSN has no host after the token and \"@\""
              : "the DSN has no host after \"://\"");
    }
    if (text.startsWith("[")) {
      return bracketed(text, offset, fail);
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
      throw fail.apply(
          "the host has more than one \":\"; write an IPv6 address in brackets, as in"
              + " [::1]:11434");
    }
    String host = colon < 0 ? text : text.substring(0, colon);
    if (host.isEmpty()) {
      throw fail.apply("the DSN has an empty host before \":\"");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
        throw fail.apply(
            "illegal character "
                + Characters.describe(host.codePointAt(i))
                + " at index "
                + (offset + i)
                + " in the host (a host holds letters, digits, \"-\", \".\" and \"_\"; percent-"
                + "encode \"@\", \"/\" and \"?\" in a token)");
      }
    }
    return new HostPort(
        host.toLowerCase(Locale.ROOT), colon < 0 ? -1 : port(text.substring(colon + 1), fail));
  }

  private static HostPort bracketed(
      String text, int offset, Function<String, ConfigException> fail) {
    int close = text.indexOf(']');
    if (close < 0) {
      throw fail.apply("the IPv6 host opened with \"[\" has no closing \"]\"");
    }
    String address = text.substring(1, close);
    boolean colon = address.indexOf(':') >= 0;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (!(Character.digit(c, 16) >= 0 && c < 128 || c == ':' || c == '.')) {
        colon = false;
      }
    }
    if (!colon) {
      throw fail.apply(
          "the bracketed host is not an IPv6 address (hex digits, \":\" and \".\", as in [::1])");
    }
    String after = text.substring(close + 1);
    if (!after.isEmpty() && !after.startsWith(":")) {
      throw fail.apply(
          "unexpected character after the IPv6 host at index "
              + (offset + close + 1)
              + "; expected \":<port>\", \"/\" or \"?\"");
    }
    return new HostPort(
        "[" + address.toLowerCase(Locale.ROOT) + "]",
        after.isEmpty() ? -1 : port(after.substring(1), fail));
  }

  private static int port(String text, Function<String, ConfigException> fail) {
    if (text.isEmpty()) {
      throw fail.apply("the port after \":\" is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw fail.apply(
            "the port is not a number (" + Characters.describe(text.codePointAt(i)) + " in it)");
      }
    }
    int port = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw fail.apply(
          "the port "
              + (text.length() > 5 ? "with " + text.length() + " digits" : text)
              + " is out of range (1-65535)");
    }
    return port;
  }
}
