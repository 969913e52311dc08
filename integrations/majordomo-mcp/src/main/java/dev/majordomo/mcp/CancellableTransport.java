package dev.majordomo.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Wraps a transport to learn the JSON-RPC id of each {@code tools/call}, so that a call given up
 * (timed out) can be cancelled on the server with {@code notifications/cancelled}: the SDK's client
 * drops the pending response on a timeout but does not tell the server. A call is recognised by a
 * key in its {@code _meta}, which servers ignore.
 *
 * <p>It also reports {@code notifications/tools/list_changed} as the message arrives, in order with
 * the responses: the SDK's own consumer is called only after it has listed the tools again, so a
 * call that made the server change its tools could return before the client knew.
 */
final class CancellableTransport implements McpClientTransport {
  static final String CALL_KEY = "dev.majordomo/call";

  private final McpClientTransport delegate;
  private final Map<String, Object> requestIds = new ConcurrentHashMap<>();
  private final Runnable toolsChanged;

  CancellableTransport(McpClientTransport delegate, Runnable toolsChanged) {
    this.delegate = delegate;
    this.toolsChanged = toolsChanged;
  }

  McpClientTransport delegate() {
    return delegate;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return delegate.connect(
        messages ->
            handler.apply(
                messages.doOnNext(
                    message -> {
                      if (message instanceof McpSchema.JSONRPCNotification notification
                          && McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED.equals(
                              notification.method())) {
                        toolsChanged.run();
                      }
                    })));
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCRequest request
        && request.params() instanceof McpSchema.CallToolRequest call
        && call.meta() != null
        && call.meta().get(CALL_KEY) instanceof String token) {
      requestIds.put(token, request.id());
    }
    return delegate.sendMessage(message);
  }

  /** Tells the server to stop the call marked with {@code token}, if it was sent. */
  void cancel(String token, String reason) {
    Object id = requestIds.remove(token);
    if (id != null) {
      delegate
          .sendMessage(
              new McpSchema.JSONRPCNotification(
                  McpSchema.JSONRPC_VERSION,
                  "notifications/cancelled",
                  Map.of("requestId", id, "reason", reason)))
          .subscribe(ignored -> {}, error -> {});
    }
  }

  void forget(String token) {
    requestIds.remove(token);
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return delegate.unmarshalFrom(data, typeRef);
  }
}
