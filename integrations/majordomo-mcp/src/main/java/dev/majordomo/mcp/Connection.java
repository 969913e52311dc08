package dev.majordomo.mcp;

import dev.majordomo.llm.ExecutableTool;
import dev.majordomo.llm.ToolOutput;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * One session with a server: the SDK's client, its transport, and the tools it listed last. A
 * connection is replaced when its server is gone; it is re-listed when the server says its tools
 * changed.
 */
final class Connection {
  private final String source;
  private final String server;
  private final CancellableTransport transport;
  private volatile McpAsyncClient client;
  private final AtomicLong changes = new AtomicLong();
  private volatile List<ExecutableTool> tools = List.of();
  private volatile long listedAt = -1;
  private volatile boolean broken;
  private volatile boolean closed;

  Connection(String source, String server, McpClientTransport transport) {
    this.source = source;
    this.server = server;
    this.transport = new CancellableTransport(transport, this::markStale);
  }

  void attach(McpAsyncClient client) {
    this.client = client;
  }

  CancellableTransport transport() {
    return transport;
  }

  McpAsyncClient client() {
    return client;
  }

  /** Whether the server can still be used: not closed, not broken, its process still talking. */
  boolean alive() {
    return !closed && !broken && !(stdio() != null && stdio().hasExited());
  }

  /** Whether the server said its tools changed since they were last listed. */
  boolean stale() {
    return changes.get() != listedAt;
  }

  /** Called when the server says its tools changed. */
  void markStale() {
    changes.incrementAndGet();
  }

  /** {@return a mark to pass to {@link #tools(List, long)} after listing} */
  long changeMark() {
    return changes.get();
  }

  List<ExecutableTool> tools() {
    return tools;
  }

  /**
   * Keeps the tools listed after {@code mark} was taken: a change announced while listing leaves
   * the connection stale, so the next call lists again.
   */
  void tools(List<ExecutableTool> tools, long mark) {
    this.tools = List.copyOf(tools);
    this.listedAt = mark;
  }

  /** Completes with an error when the server goes away; never completes for HTTP. */
  <T> Mono<T> death() {
    StdioTransport stdio = stdio();
    if (stdio == null) {
      return Mono.never();
    }
    return stdio.exited().then(Mono.error(() -> new ServerGoneException(stdio.exitDescription())));
  }

  ToolOutput call(
      String serverName, String exposedName, Map<String, Object> arguments, Duration timeout) {
    String token = UUID.randomUUID().toString();
    McpSchema.CallToolRequest request =
        new McpSchema.CallToolRequest(
            serverName, arguments, Map.of(CancellableTransport.CALL_KEY, token));
    try {
      McpSchema.CallToolResult result =
          Mono.firstWithSignal(client.callTool(request), this.<McpSchema.CallToolResult>death())
              .timeout(timeout)
              .block();
      if (result == null) {
        return ToolOutput.error(what(exposedName) + " returned nothing");
      }
      return ToolResults.output(result);
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof TimeoutException) {
        transport.cancel(token, "timed out after " + McpToolSource.format(timeout));
        return ToolOutput.error(
            what(exposedName) + " timed out after " + McpToolSource.format(timeout));
      }
      if (cause instanceof McpError error) {
        return ToolOutput.error(what(exposedName) + " failed: " + error.getMessage());
      }
      if (cause instanceof InterruptedException) {
        // The caller gave up: the server need not work on for nobody.
        transport.cancel(token, "the caller was interrupted");
        Thread.currentThread().interrupt();
        return ToolOutput.error(what(exposedName) + " was interrupted");
      }
      broken = true;
      if (cause instanceof ServerGoneException gone) {
        return ToolOutput.error(
            what(exposedName) + " failed: the MCP server '" + source + "' " + gone.getMessage());
      }
      return ToolOutput.error(
          what(exposedName)
              + " failed: the MCP server '"
              + source
              + "' cannot be reached ("
              + cause
              + ")");
    } finally {
      transport.forget(token);
    }
  }

  private String what(String exposedName) {
    return "tool '" + exposedName + "' (" + server + ")";
  }

  StdioTransport stdio() {
    return transport.delegate() instanceof StdioTransport stdio ? stdio : null;
  }

  /** Why the server went away, when it is a process that did. */
  String exitDescription() {
    StdioTransport stdio = stdio();
    return stdio == null ? "" : stdio.exitDescription();
  }

  /**
   * Why the server went away, when it is a process that exited or exits within a second; empty
   * otherwise. A write into the pipe of a server that exits at once fails before its exit is seen.
   */
  String exitDescriptionIfGone() {
    StdioTransport stdio = stdio();
    return stdio == null ? "" : stdio.exitDescriptionIfGone();
  }

  /** Closes the client and ends the server process; idempotent, never throws. */
  void close() {
    closed = true;
    McpAsyncClient current = client;
    try {
      if (current != null) {
        current.close();
      }
    } catch (RuntimeException e) {
      // Ending the process below is what matters.
    }
    StdioTransport stdio = stdio();
    if (stdio != null) {
      stdio.terminate();
    } else {
      transport.close();
    }
  }

  /** The server process ended while a request waited. */
  static final class ServerGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerGoneException(String message) {
      super(message, null, false, false);
    }
  }
}
