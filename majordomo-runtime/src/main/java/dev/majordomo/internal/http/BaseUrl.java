package dev.majordomo.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Where a model's calls go, ending with {@code /}: checked when the model is opened, turned into
 * OkHttp's {@link HttpUrl} on the first call (see {@link OnFirstUse} for why).
 *
 * <p>A host made of plain DNS labels or an IPv4 address is checked here, by a rule stricter than
 * OkHttp's; any other host (an IPv6 address, an internationalized name, a trailing dot) is checked
 * by OkHttp itself when the model is opened, so that whatever is accepted here OkHttp accepts too.
 *
 * <p>Internal: see the package documentation.
 */
public final class BaseUrl {
  /** Lower-case letters, digits and inner hyphens; no {@code xn--} (OkHttp decodes those). */
  private static final Pattern PLAIN_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private static final int MAX_HOST_LENGTH = 253;

  private final boolean https;
  private final String host;
  private final int port;
  private final List<String> segments;
  private volatile HttpUrl url;

  private BaseUrl(boolean https, String host, int port, List<String> segments, HttpUrl url) {
    this.https = https;
    this.host = host;
    this.port = port;
    this.segments = segments;
    this.url = url;
  }

  /**
   * @param https whether calls use TLS
   * @param host a host name or address (an IPv6 address without brackets)
   * @param port the port, or {@code -1} for the scheme's
   * @param segments the base path's segments, not encoded; empty ones are left out
   * @throws IllegalArgumentException naming what is wrong with the host or the port, as OkHttp does
   */
  public static BaseUrl of(boolean https, String host, int port, List<String> segments) {
    Objects.requireNonNull(host, "host");
    if (port != -1 && (port < 1 || port > 65535)) {
      throw new IllegalArgumentException("unexpected port: " + port);
    }
    List<String> path = segments.stream().filter(s -> !s.isEmpty()).toList();
    String lower = host.toLowerCase(Locale.ROOT);
    if (isPlain(lower)) {
      return new BaseUrl(https, lower, port, path, null);
    }
    HttpUrl checked = build(https, host, port, path);
    return new BaseUrl(https, checked.host(), port, path, checked);
  }

  private static boolean isPlain(String host) {
    if (host.isEmpty() || host.length() > MAX_HOST_LENGTH || host.contains("--")) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (!PLAIN_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static HttpUrl build(boolean https, String host, int port, List<String> path) {
    HttpUrl.Builder b = new HttpUrl.Builder().scheme(https ? "https" : "http").host(host);
    if (port != -1) {
      b.port(port);
    }
    for (String segment : path) {
      b.addPathSegment(segment);
    }
    return b.addPathSegment("").build();
  }

  /** {@return the host, in lower case, an IPv6 address without brackets} */
  public String host() {
    return host;
  }

  /** {@return the URL, built on first use} */
  public HttpUrl httpUrl() {
    HttpUrl u = url;
    if (u == null) {
      u = url = build(https, host, port, segments);
    }
    return u;
  }

  /** {@return the URL of {@code pathSegments} (such as {@code chat/completions}) under this one} */
  public HttpUrl resolve(String pathSegments) {
    return httpUrl().newBuilder().addPathSegments(pathSegments).build();
  }

  /**
   * {@return {@code scheme://host:port} only}: what {@link dev.majordomo.llm.Model#endpoint()}
   * reports. The port is always written out (443 and 80 too), so that telemetry's {@code
   * server.port} never has to guess it from the scheme; the path is dropped, since a proxy's path
   * may carry a credential. Empty for a host that OkHttp takes but a {@link URI} cannot hold as a
   * server (a name with {@code _}, as Docker Compose's service names often have, or {@code 1.1}):
   * such a model still opens and calls, and telemetry falls back to the target's host.
   */
  public Optional<URI> endpoint() {
    String scheme = https ? "https" : "http";
    try {
      // The multi-argument constructor brackets an IPv6 host, as a URI requires.
      return Optional.of(
          new URI(scheme, null, host, port != -1 ? port : (https ? 443 : 80), null, null, null));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return httpUrl().toString();
  }
}
