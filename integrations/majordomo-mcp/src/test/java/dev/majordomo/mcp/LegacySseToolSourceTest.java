package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.mcp.testserver.ToolCatalogue;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deprecated HTTP+SSE transport, against the SDK's server side of it on loopback Jetty. */
class LegacySseToolSourceTest {
  private final ToolCatalogue catalogue = ToolCatalogue.withoutDie();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private Server jetty;
  private URI sseEndpoint;
  private McpToolSource source;

  @BeforeEach
  @SuppressWarnings("deprecation")
  void startServer() throws Exception {
    HttpServletSseServerTransportProvider transport =
        HttpServletSseServerTransportProvider.builder()
            .jsonMapper(McpJsonDefaults.getMapper())
            .messageEndpoint("/message")
            .sseEndpoint("/sse")
            .build();
    catalogue.serve(McpServer.sync(transport));
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder servlet = new ServletHolder(new Recording(transport));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    jetty.setHandler(context);
    jetty.start();
    sseEndpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/sse");
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    jetty.stop();
  }

  @Test
  @SuppressWarnings("deprecation")
  void listsAndCallsToolsWithTheHeadersOnEveryRequest() throws Exception {
    source = McpToolSource.sse("legacy", sseEndpoint).bearerToken("old-token").build();

    ExecutableTool echo =
        source.tools().stream()
            .filter(tool -> tool.definition().name().equals("legacy_echo"))
            .findFirst()
            .orElseThrow();

    assertThat(echo.run("{\"text\":\"over sse\"}")).isEqualTo(ToolOutput.text("over sse"));
    assertThat(authorizations).isNotEmpty().allMatch("Bearer old-token"::equals);
    assertThat(source.toString()).startsWith("McpToolSource[legacy, sse http://127.0.0.1:");
  }

  /** Notes each request's Authorization header, then lets the SDK's servlet answer. */
  private final class Recording extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient HttpServlet delegate;

    Recording(HttpServlet delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException, jakarta.servlet.ServletException {
      String authorization = request.getHeader("Authorization");
      authorizations.add(authorization == null ? "none" : authorization);
      delegate.service(request, response);
    }

    @Override
    public void init(jakarta.servlet.ServletConfig config) throws jakarta.servlet.ServletException {
      super.init(config);
      delegate.init(config);
    }
  }
}
