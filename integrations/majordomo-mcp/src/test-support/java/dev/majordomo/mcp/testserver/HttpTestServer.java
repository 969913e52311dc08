package dev.majordomo.mcp.testserver;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The {@link ToolCatalogue} (without {@value ToolCatalogue#DIE}) served over Streamable HTTP by the
 * SDK's {@link HttpServletStreamableServerTransportProvider}, in this JVM, on embedded Jetty, on a
 * random loopback port; {@link #uri()} is the MCP endpoint.
 *
 * <p>It records the headers of every request ({@link #requests()}) and, when started with {@link
 * #requiringToken(String)}, answers {@code 401} to requests without {@code Authorization: Bearer
 * <token>}. Its threads are named {@value #THREAD_NAME}{@code -…}.
 */
public final class HttpTestServer implements AutoCloseable {
  /** The prefix of the names of this server's threads. */
  public static final String THREAD_NAME = "mcp-http-test-server";

  private static final String ENDPOINT = "/mcp";

  private final ToolCatalogue catalogue = ToolCatalogue.withoutDie();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final String token;
  private final Server jetty;
  private final URI uri;

  private HttpTestServer(String token) throws Exception {
    this.token = token;
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .mcpEndpoint(ENDPOINT)
            .build();
    catalogue.serve(McpServer.sync(transport));

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(THREAD_NAME);
    jetty = new Server(threads);
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(transport);
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, ENDPOINT);
    FilterHolder filter = new FilterHolder(new RecordingFilter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(context);
    jetty.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + ENDPOINT);
  }

  /**
   * {@return a started server that lets every request in}
   *
   * @throws Exception when Jetty does not start
   */
  public static HttpTestServer start() throws Exception {
    return new HttpTestServer(null);
  }

  /**
   * {@return a started server that answers {@code 401} to requests without the token}
   *
   * @param token the bearer token requests must carry
   * @throws Exception when Jetty does not start
   */
  public static HttpTestServer requiringToken(String token) throws Exception {
    return new HttpTestServer(token);
  }

  /** {@return the MCP endpoint, {@code http://127.0.0.1:<port>/mcp}} */
  public URI uri() {
    return uri;
  }

  /** {@return the catalogue's controls: add a tool, release slow calls, count calls} */
  public ToolCatalogue tools() {
    return catalogue;
  }

  /** {@return the requests received so far, in order} */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * Adds a tool and announces it ({@link ToolCatalogue#addTool(String)}).
   *
   * @param name the tool's name
   */
  public void addTool(String name) {
    catalogue.addTool(name);
  }

  /** Lets the waiting slow calls answer ({@link ToolCatalogue#releaseSlowCalls()}). */
  public void releaseSlowCalls() {
    catalogue.releaseSlowCalls();
  }

  /**
   * Waits until {@code count} slow calls are waiting.
   *
   * @return whether they were within the timeout
   */
  public boolean awaitSlowCalls(int count, Duration timeout) throws InterruptedException {
    return catalogue.awaitSlowCalls(count, timeout);
  }

  /** {@return how many times the tool was called} */
  public int callCount(String tool) {
    return catalogue.callCount(tool);
  }

  /** Stops the server: slow calls answer, the SDK's server closes, Jetty stops. */
  @Override
  public void close() {
    catalogue.close();
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }

  private final class RecordingFilter implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      HttpServletRequest http = (HttpServletRequest) request;
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (String name : Collections.list(http.getHeaderNames())) {
        headers.put(name.toLowerCase(Locale.ROOT), Collections.list(http.getHeaders(name)));
      }
      requests.add(new RecordedRequest(http.getMethod(), headers));
      if (token != null && !("Bearer " + token).equals(http.getHeader("Authorization"))) {
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setHeader("WWW-Authenticate", "Bearer");
        answer.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
