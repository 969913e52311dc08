package dev.majordomo.opentelemetry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs quoted in text the runtime writes (a skip's reason, an error's message), cut to what carries
 * no credential, as {@link MessageContent} cuts an image's URL: a signed URL's signature is in its
 * query, a proxy's password in its user information.
 */
final class Urls {
  private Urls() {}

  /** A URL as prose quotes it: up to whitespace, a quote, or a closing bracket. */
  private static final Pattern URL =
      Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^\\s\"'<>()\\[\\]{}]+)");

  /** {@code text} with every URL in it cut to its scheme, host, port and path. */
  static String withoutSecrets(String text) {
    if (text == null || !text.contains("://")) {
      return text;
    }
    Matcher m = URL.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String rest = m.group(2);
      // Punctuation that ends the sentence around the URL is not part of it.
      int tail = rest.length();
      while (tail > 0 && ".,;:!".indexOf(rest.charAt(tail - 1)) >= 0) {
        tail--;
      }
      String after = rest.substring(tail);
      rest = rest.substring(0, tail);
      int end = firstOf(rest, '?', '#');
      rest = rest.substring(0, end);
      int slash = rest.indexOf('/');
      int at = rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash);
      if (at >= 0) {
        rest = rest.substring(at + 1);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + rest + after));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    if (i < 0) {
      return j < 0 ? s.length() : j;
    }
    return j < 0 ? i : Math.min(i, j);
  }
}
