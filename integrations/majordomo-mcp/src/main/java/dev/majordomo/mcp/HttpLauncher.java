package dev.majordomo.mcp;

import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Connects to a Streamable HTTP endpoint, adding the configured headers (a bearer token among them)
 * to every request. Only the scheme, host, port and path are ever printed: the query and the
 * headers may hold secrets.
 */
record HttpLauncher(URI endpoint, Map<String, String> headers, Duration connectTimeout, boolean sse)
    implements Launcher {

  /** Bounds what one response may hold, so that a server cannot make the client buffer anything. */
  static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

  HttpLauncher {
    headers = Map.copyOf(headers);
  }

  @Override
  public McpClientTransport open(String source) {
    String base = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    String path =
        endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty()
            ? "/"
            : endpoint.getRawPath();
    if (endpoint.getRawQuery() != null) {
      path += "?" + endpoint.getRawQuery();
    }
    if (sse) {
      return legacySse(base, path);
    }
    return HttpClientStreamableHttpTransport.builder(base)
        .endpoint(path)
        .jsonMapper(McpJsonDefaults.getMapper())
        .connectTimeout(connectTimeout)
        .maxResponseSize(MAX_RESPONSE_BYTES)
        .addHttpRequestCustomizer(
            (request, method, uri, body, context) -> headers.forEach(request::setHeader))
        .build();
  }

  // The SDK deprecates the transport of the 2024-11-05 revision, as McpToolSource.sse does.
  @SuppressWarnings("deprecation")
  private McpClientTransport legacySse(String base, String path) {
    return io.modelcontextprotocol.client.transport.HttpClientSseClientTransport.builder(base)
        .sseEndpoint(path)
        .jsonMapper(McpJsonDefaults.getMapper())
        .connectTimeout(connectTimeout)
        .maxResponseSize(MAX_RESPONSE_BYTES)
        .addHttpRequestCustomizer(
            (request, method, uri, body, context) -> headers.forEach(request::setHeader))
        .build();
  }

  @Override
  public String describe() {
    return (sse ? "sse " : "http ")
        + endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort())
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  @Override
  public String toString() {
    return describe();
  }
}
