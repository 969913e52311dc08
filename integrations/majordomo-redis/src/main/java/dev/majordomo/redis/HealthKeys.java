package dev.majordomo.redis;

import dev.majordomo.llm.Target;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The names {@link RedisSharedHealth} uses in Redis, all under one prefix.
 *
 * <p>A target is written as {@code scheme:host:port:model}, each part percent-encoded so that
 * nothing but {@code [A-Za-z0-9._-]} and {@code %XX} appears in it, and a missing host or model as
 * a lone {@code !} (which the encoding never produces). So any model id, with colons, spaces,
 * braces, glob characters or any Unicode, makes a key that is printable, unambiguous and decodes
 * back to the same target; no part of a {@link Target} is a secret, and no token is ever written.
 *
 * <ul>
 *   <li>{@code <prefix>health:<target>:failures}: the failures counted across instances
 *   <li>{@code <prefix>health:<target>:bench}: {@code <round>:<until ms>} while the bench lasts
 *   <li>{@code <prefix>health:<target>:round}: the last bench round, kept for probation
 *   <li>{@code <prefix>health:<target>:rate}: {@code <until ms>} of a {@code Retry-After}
 *   <li>{@code <prefix>health:live}: a sorted set of the targets benched or rate-limited, so that
 *       an instance that starts loads them in one round trip
 *   <li>{@code <prefix>health:events}: the pub/sub channel
 * </ul>
 */
final class HealthKeys {
  private static final char NONE = '!';
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String health;

  HealthKeys(String prefix) {
    this.health = prefix + "health:";
  }

  /** The pub/sub channel that carries benches, rate limits and recoveries. */
  String channel() {
    return health + "events";
  }

  /** The sorted set of targets with a live bench or rate limit, scored by when it ends. */
  String live() {
    return health + "live";
  }

  /** What every per-target key starts with; the scripts append {@code <target>:<kind>}. */
  String targetPrefix() {
    return health;
  }

  String failures(String target) {
    return health + target + ":failures";
  }

  String bench(String target) {
    return health + target + ":bench";
  }

  String round(String target) {
    return health + target + ":round";
  }

  String rate(String target) {
    return health + target + ":rate";
  }

  /** {@code scheme:host:port:model}, each part encoded (see the class comment). */
  static String encode(Target target) {
    StringBuilder s = new StringBuilder();
    part(s, target.scheme()).append(':');
    part(s, target.host()).append(':');
    s.append(target.port()).append(':');
    return part(s, target.modelId()).toString();
  }

  /**
   * The target {@link #encode} wrote.
   *
   * @throws IllegalArgumentException if {@code encoded} is not such a text
   */
  static Target decode(String encoded) {
    String[] parts = encoded.split(":", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an encoded target: " + encoded);
    }
    String scheme = unpart(parts[0]);
    if (scheme == null) {
      throw new IllegalArgumentException("an encoded target without a scheme: " + encoded);
    }
    int port;
    try {
      port = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("an encoded target with a bad port: " + encoded, e);
    }
    return new Target(scheme, unpart(parts[1]), port, unpart(parts[3]));
  }

  /** Any text (an instance id) in the same alphabet, so that it never holds a space or a colon. */
  static String encodeText(String text) {
    return part(new StringBuilder(), text).toString();
  }

  static String decodeText(String encoded) {
    String text = unpart(encoded);
    return text == null ? "" : text;
  }

  private static StringBuilder part(StringBuilder s, String value) {
    if (value == null) {
      return s.append(NONE);
    }
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '-') {
        s.append(c);
      } else {
        s.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return s;
  }

  private static String unpart(String part) {
    if (part.length() == 1 && part.charAt(0) == NONE) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        int high = i + 2 < part.length() ? Character.digit(part.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(part.charAt(i + 2), 16);
        if (low < 0) {
          throw new IllegalArgumentException("a bad escape in " + part);
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c > 0x7f) {
        throw new IllegalArgumentException("an unencoded character in " + part);
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
