package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
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
 * The reply's id and the model that answered, read from recorded Messages API replies: the
 * message's {@code id} and {@code model}, in a stream those of {@code message_start}.
 */
class AnthropicReplyIdTest {
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
            "anthropic",
            Secret.of("sk-ant-test"),
            server.getHostName(),
            server.getPort(),
            "claude-haiku-4-5",
            false,
            null,
            null,
            Map.of());
    return new AnthropicProvider()
        .open(spec, new TestProviderContext(Map.of(), new FakeTimeSource(), client));
  }

  private void enqueue(String body, String contentType) {
    server.enqueue(
        new MockResponse.Builder().setHeader("content-type", contentType).body(body).build());
  }

  private static List<StreamEvent> drain(ResponseStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      stream.forEachRemaining(events::add);
    }
    return events;
  }

  @Test
  void aReplyCarriesTheMessageIdAndTheDatedModel() {
    enqueue(WireCaptures.read("anthropic/ant-json-text-unicode.json"), "application/json");

    Response r = model().call(HELLO);

    assertThat(r.id()).isEqualTo("msg_01LzoWDaDa7jiMvVbBiguxJy");
    assertThat(r.model()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(r.text()).contains("20°C");
  }

  @Test
  void aStreamEndsWithTheIdAndModelOfMessageStart() {
    enqueue(WireCaptures.read("anthropic/ant-sse-basic.sse"), "text/event-stream");

    List<StreamEvent> events = drain(model().stream(HELLO));

    assertThat(events.get(events.size() - 1))
        .isEqualTo(
            new StreamEvent.Done(
                FinishReason.STOP,
                "msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK",
                "claude-3-opus-latest"));
  }

  @Test
  void aCollectedStreamKeepsTheIdAndModel() {
    enqueue(WireCaptures.read("anthropic/ant-sse-text-unicode.sse"), "text/event-stream");

    Response r = model().stream(HELLO).collect();

    assertThat(r.id()).isEqualTo("msg_016HxyUMAncysqX7dn1kWNRx");
    assertThat(r.model()).isEqualTo("claude-haiku-4-5-20251001");
    assertThat(r.text()).isNotEmpty();
  }

  @Test
  void aReplyWithoutIdOrModelHasNeither() {
    enqueue(
        "{\"type\":\"message\",\"id\":\"\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
            + "\"stop_reason\":\"end_turn\"}",
        "application/json");

    Response r = model().call(HELLO);

    assertThat(r.id()).isNull();
    assertThat(r.model()).isNull();
  }
}
