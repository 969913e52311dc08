package dev.majordomo.mcp.testserver;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request that reached an {@link HttpTestServer}, whether or not it was let in.
 *
 * @param method the HTTP method
 * @param headers the headers, names in lower case
 */
public record RecordedRequest(String method, Map<String, List<String>> headers) {
  /** Copies the headers. */
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /**
   * {@return the first value of the header, or null}
   *
   * @param name the header's name, in any case
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
