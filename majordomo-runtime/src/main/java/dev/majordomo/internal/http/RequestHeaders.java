package dev.majordomo.internal.http;

import dev.majordomo.llm.Secret;
import java.util.Map;
import okhttp3.Headers;

/**
 * Checks, when a model is opened, the fixed headers it will send, so that a header OkHttp refuses
 * stops the start-up rather than the first call, without building OkHttp's {@link Headers} then
 * (see {@link OnFirstUse}). The rule here is OkHttp's own (a name of visible ASCII, a value of
 * visible ASCII, spaces and tabs), and so is the message, except that it never quotes a value:
 * OkHttp quotes the value of any header but {@code Authorization} and the cookies, and a key sent
 * as {@code x-api-key} or {@code api-key} is a credential too.
 *
 * <p>Internal: see the package documentation.
 */
public final class RequestHeaders {
  private RequestHeaders() {}

  /**
   * @param userAgent the {@code User-Agent}
   * @param token sent as {@code Authorization: Bearer <token>}; {@code null} for none
   * @param headers the model's own headers
   * @throws IllegalArgumentException naming the header and the character at fault, as OkHttp's
   *     {@link Headers.Builder#set(String, String)} does, without the value
   */
  public static void check(String userAgent, Secret token, Map<String, String> headers) {
    check("User-Agent", userAgent);
    if (token != null) {
      check("Authorization", "Bearer " + token.reveal());
    }
    headers.forEach(RequestHeaders::check);
  }

  /**
   * Checks one header.
   *
   * @throws IllegalArgumentException naming the header and the character at fault, never quoting
   *     the value
   */
  public static void check(String name, String value) {
    if (!validName(name)) {
      // A name is the provider's or the configuration's key, never a credential: OkHttp's message.
      new Headers.Builder().set(name, "");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!validValueChar(c)) {
        throw new IllegalArgumentException(
            String.format("Unexpected char %#04x at %d in %s value", (int) c, i, name));
      }
    }
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '\u0021' || c > '\u007e') {
        return false;
      }
    }
    return true;
  }

  private static boolean validValueChar(char c) {
    return c == '\t' || (c >= '\u0020' && c <= '\u007e');
  }
}
