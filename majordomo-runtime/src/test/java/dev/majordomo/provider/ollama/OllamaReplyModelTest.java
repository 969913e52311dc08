package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.provider.WireCaptures;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model that answered, read from Ollama's documented {@code /api/chat} replies; the native API
 * gives a reply no id, so it has none.
 */
class OllamaReplyModelTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Model model() {
    ModelSpec spec =
        new ModelSpec(
            "ollama",
            null,
            server.getHostName(),
            server.getPort(),
            "llama3.2",
            null,
            null,
            null,
            Map.of());
    return new OllamaProvider()
        .open(spec, new TestProviderContext(Map.of(), new FakeTimeSource(), client));
  }

  private void enqueue(String capture, String contentType) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", contentType)
            .body(WireCaptures.read(capture))
            .build());
  }

  private static List<StreamEvent> drain(ResponseStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(events::add);
    }
    return events;
  }

  @Test
  void aReplyCarriesTheModelAndNoId() {
    enqueue("ollama/oll-docs-json.json", "application/json");

    Response r = model().call(HELLO);

    assertThat(r.model()).isEqualTo("llama3.2");
    assertThat(r.id()).isNull();
    assertThat(r.text()).isEqualTo("Hello! How are you today?");
  }

  @Test
  void aStreamEndsWithTheModelAndNoId() {
    enqueue("ollama/oll-docs-ndjson-stream.ndjson", "application/x-ndjson");

    List<StreamEvent> events = drain(model().stream(HELLO));

    assertThat(events.get(events.size() - 1))
        .isEqualTo(new StreamEvent.Done(FinishReason.STOP, null, "llama3.2"));
  }

  @Test
  void aCollectedStreamWhoseLastLineHasNoMessageKeepsTheModel() {
    enqueue("ollama/oll-docs-ndjson-final-without-message.ndjson", "application/x-ndjson");

    Response r = model().stream(HELLO).collect();

    assertThat(r.model()).isEqualTo("llama3.2");
    assertThat(r.id()).isNull();
    assertThat(r.text()).isEqualTo("The");
  }
}
