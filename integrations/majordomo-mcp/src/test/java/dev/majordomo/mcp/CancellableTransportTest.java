package dev.majordomo.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class CancellableTransportTest {

  @Test
  void cancelsACallBySendingNotificationsCancelledWithItsRequestId() {
    RecordingTransport wire = new RecordingTransport();
    CancellableTransport transport = new CancellableTransport(wire, () -> {});
    McpSchema.CallToolRequest call =
        new McpSchema.CallToolRequest(
            "slow", Map.of(), Map.of(CancellableTransport.CALL_KEY, "token-1"));
    transport
        .sendMessage(
            new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, "tools/call", "id-7", call))
        .block();

    transport.cancel("token-1", "timed out after 1 s");
    transport.cancel("token-1", "again");

    assertThat(wire.sent).hasSize(2);
    McpSchema.JSONRPCNotification cancelled = (McpSchema.JSONRPCNotification) wire.sent.get(1);
    assertThat(cancelled.method()).isEqualTo("notifications/cancelled");
    assertThat(cancelled.params())
        .isEqualTo(Map.of("requestId", "id-7", "reason", "timed out after 1 s"));
  }

  @Test
  void aForgottenCallIsNotCancelled() {
    RecordingTransport wire = new RecordingTransport();
    CancellableTransport transport = new CancellableTransport(wire, () -> {});
    McpSchema.CallToolRequest call =
        new McpSchema.CallToolRequest("echo", Map.of(), Map.of(CancellableTransport.CALL_KEY, "t"));
    transport
        .sendMessage(new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, "tools/call", 1, call))
        .block();

    transport.forget("t");
    transport.cancel("t", "late");

    assertThat(wire.sent).hasSize(1);
  }

  @Test
  void reportsToolListChangesAsTheyArrive() {
    RecordingTransport wire = new RecordingTransport();
    AtomicInteger changes = new AtomicInteger();
    CancellableTransport transport = new CancellableTransport(wire, changes::incrementAndGet);
    List<McpSchema.JSONRPCMessage> handled = new CopyOnWriteArrayList<>();
    transport.connect(messages -> messages.doOnNext(handled::add)).block();

    wire.receive(
        new McpSchema.JSONRPCNotification(
            McpSchema.JSONRPC_VERSION, McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED, null));
    wire.receive(
        new McpSchema.JSONRPCNotification(
            McpSchema.JSONRPC_VERSION, "notifications/progress", null));

    assertThat(changes).hasValue(1);
    assertThat(handled).hasSize(2);
  }

  /** A transport that keeps what it is given and delivers what a test makes it receive. */
  private static final class RecordingTransport implements McpClientTransport {
    final List<McpSchema.JSONRPCMessage> sent = new CopyOnWriteArrayList<>();
    private Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler;

    void receive(McpSchema.JSONRPCMessage message) {
      handler.apply(Mono.just(message)).block();
    }

    @Override
    public Mono<Void> connect(
        Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
      this.handler = handler;
      return Mono.empty();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      sent.add(message);
      return Mono.empty();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      throw new UnsupportedOperationException();
    }
  }
}
