package dev.majordomo.internal.http;

import dev.majordomo.llm.Secret;
import java.util.regex.Pattern;

/**
 * Removes credentials from text that may end up in an exception, a log or a listener event: the
 * configured token itself, {@code Bearer …} credentials, and strings shaped like API keys ({@code
 * sk-…}, including Anthropic's {@code sk-ant-…}).
 */
final class Redaction {
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer)\\s+[A-Za-z0-9._~+/=-]+");
  private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_*.-]{6,}");

  private Redaction() {}

  static String redact(String text, Secret token) {
    if (text == null) {
      return null;
    }
    String out = token == null ? text : token.redact(text);
    out = BEARER.matcher(out).replaceAll("$1 ***");
    return KEY_LIKE.matcher(out).replaceAll("sk-***");
  }
}
