package dev.majordomo.reliability;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A MockWebServer that answers model calls from a queue and Ollama's capability probe ({@code POST
 * /api/show}) with a 404, so that the probe never takes a scripted reply (capabilities then stay
 * unknown, which counts as supported).
 */
final class ScriptedServer implements AutoCloseable {
  final MockWebServer server = new MockWebServer();
  private final BlockingQueue<MockResponse> replies = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> calls = new CopyOnWriteArrayList<>();

  ScriptedServer() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (request.getUrl().encodedPath().endsWith("/api/show")) {
              return new MockResponse.Builder().code(404).body("{\"error\":\"no\"}").build();
            }
            calls.add(request);
            MockResponse next = replies.poll();
            return next != null ? next : new MockResponse.Builder().code(500).body("{}").build();
          }
        });
    server.start();
  }

  void enqueue(MockResponse response) {
    replies.add(response);
  }

  /** The model calls received, probes left out. */
  List<RecordedRequest> calls() {
    return List.copyOf(calls);
  }

  @Override
  public void close() {
    server.close();
  }
}
