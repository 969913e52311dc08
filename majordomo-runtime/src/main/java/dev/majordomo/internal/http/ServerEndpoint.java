package dev.majordomo.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import okhttp3.HttpUrl;

/**
 * What {@link dev.majordomo.llm.Model#endpoint()} reports for a model that calls {@code url}: its
 * scheme, host and port only. The port is always written out (443 and 80 too), so that telemetry's
 * {@code server.port} never has to guess it from the scheme; user info, path, query and fragment
 * are dropped, since a proxy's path or a query may carry a credential.
 *
 * <p>Internal: see the package documentation.
 */
public final class ServerEndpoint {
  private ServerEndpoint() {}

  /**
   * {@return {@code scheme://host:port} of {@code url}}
   *
   * @param url where the model's calls go
   */
  public static URI of(HttpUrl url) {
    try {
      // The multi-argument constructor brackets an IPv6 host, as a URI requires.
      return new URI(url.scheme(), null, url.host(), url.port(), null, null, null);
    } catch (URISyntaxException e) {
      // HttpUrl has already checked the host; this cannot happen for a URL it built.
      throw new IllegalArgumentException("not a valid endpoint: " + e.getMessage(), e);
    }
  }
}
