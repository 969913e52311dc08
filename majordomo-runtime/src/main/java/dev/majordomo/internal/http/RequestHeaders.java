package dev.majordomo.internal.http;

import dev.majordomo.llm.Secret;
import java.util.Map;
import okhttp3.Headers;

/**
 * Checks, when a model is opened, the fixed headers it will send, so that a header OkHttp refuses
 * stops the start-up rather than the first call, without building OkHttp's {@link Headers} then
 * (see {@link OnFirstUse}). The rule here is OkHttp's own (a name of visible ASCII, a value of
 * visible ASCII, spaces and tabs); a header that breaks it is handed to OkHttp, whose exception is
 * thrown, and which leaves the value of {@code Authorization} out of its message.
 *
 * <p>Internal: see the package documentation.
 */
public final class RequestHeaders {
  private RequestHeaders() {}

  /**
   * @param userAgent the {@code User-Agent}
   * @param token sent as {@code Authorization: Bearer <token>}; {@code null} for none
   * @param headers the model's own headers
   * @throws IllegalArgumentException as OkHttp's {@link Headers.Builder#set(String, String)} does
   */
  public static void check(String userAgent, Secret token, Map<String, String> headers) {
    check("User-Agent", userAgent);
    if (token != null) {
      check("Authorization", "Bearer " + token.reveal());
    }
    headers.forEach(RequestHeaders::check);
  }

  private static void check(String name, String value) {
    if (!validName(name) || !validValue(value)) {
      new Headers.Builder().set(name, value);
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

  private static boolean validValue(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && (c < '\u0020' || c > '\u007e')) {
        return false;
      }
    }
    return true;
  }
}
