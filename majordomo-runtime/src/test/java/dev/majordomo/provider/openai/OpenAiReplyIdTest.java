package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.WireCaptures;
import dev.majordomo.provider.foreman.ForemanProvider;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reply's id and the model that answered, read from recorded Chat Completions replies: the
 * top-level {@code id} and {@code model} of a reply, and of every chunk of a stream.
 */
class OpenAiReplyIdTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private MockOpenAi api;

  @BeforeEach
  void start() throws Exception {
    api = new MockOpenAi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void enqueueCapture(String name, String contentType) {
    api.server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", contentType)
            .body(WireCaptures.read(name))
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
  void aReplyCarriesTheIdAndTheDatedModelThatAnswered() throws Exception {
    enqueueCapture("openai/oai-json-text.json", "application/json");

    Response r = api.openai("gpt-4o").call(HELLO);

    assertThat(r.id()).isEqualTo("chatcmpl-ABfvaueLEMLNYbT8YzpJxsmiQ6HSY");
    assertThat(r.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(r.text()).startsWith("I'm unable to provide real-time weather updates.");
    api.takeBody();
  }

  @Test
  void aStreamEndsWithTheIdAndModelOfItsChunks() throws Exception {
    enqueueCapture("openai/oai-sse-text.sse", "text/event-stream");

    List<StreamEvent> events = drain(api.openai("gpt-4o").stream(HELLO));

    assertThat(events.get(events.size() - 1))
        .isEqualTo(
            new StreamEvent.Done(
                FinishReason.STOP, "chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL", "gpt-4o-2024-08-06"));
    api.takeBody();
  }

  @Test
  void aCollectedStreamKeepsTheIdAndModel() throws Exception {
    enqueueCapture("openai/oai-sse-text-usage-null.sse", "text/event-stream");

    Response r = api.openai("gpt-4o-mini").stream(HELLO).collect();

    assertThat(r.id()).isEqualTo("chatcmpl-Dx0Xq5Xx9rHB2ehcHZCRDsnuymUXc");
    assertThat(r.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(r.text()).isNotEmpty();
    api.takeBody();
  }

  @Test
  void anOpenAiCompatibleServerReportsItsOwnIdAndModel() throws Exception {
    // Ollama's OpenAI-compatible endpoint, behind the foreman scheme.
    enqueueCapture("openai/oai-compat-ollama-reasoning-field.json", "application/json");

    Response r = api.open(new ForemanProvider(), "qwen3:0.6b").call(HELLO);

    assertThat(r.id()).isEqualTo("chatcmpl-150");
    assertThat(r.model()).isEqualTo("qwen3:0.6b");
    api.takeBody();
  }

  @Test
  void aReplyWithoutIdOrModelOrWithEmptyOnesHasNeither() throws Exception {
    api.enqueueJson(
        "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}]}");
    api.enqueueJson(
        "{\"id\":\"\",\"model\":7,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}");
    Model model = api.openai("gpt-4o");

    for (int i = 0; i < 2; i++) {
      Response r = model.call(HELLO);
      assertThat(r.id()).isNull();
      assertThat(r.model()).isNull();
    }
  }

  @Test
  void aStreamKeepsTheLastNonEmptyIdAndModel() throws Exception {
    // Azure's first chunk (prompt filter results) has an empty id and model.
    api.enqueueSse(
        "{\"id\":\"\",\"model\":\"\",\"choices\":[],\"prompt_filter_results\":[]}",
        "{\"id\":\"chatcmpl-9\",\"model\":\"gpt-4o-2024-11-20\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
        "{\"id\":\"\",\"model\":\"\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}",
        "[DONE]");

    Response r = api.openai("gpt-4o").stream(HELLO).collect();

    assertThat(r.id()).isEqualTo("chatcmpl-9");
    assertThat(r.model()).isEqualTo("gpt-4o-2024-11-20");
    assertThat(r.text()).isEqualTo("hi");
  }

  @Test
  void aStreamWhoseIdOrModelChangesEndsWithTheLastOnes() throws Exception {
    // The decoder reuses the previous id and model when a chunk repeats them: a change of the same
    // length, a shorter one and an escaped spelling of the same text must still be read.
    api.enqueueSse(
        "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-\\u0031\",\"model\":\"gpt-4x\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}",
        "{\"id\":\"chatcmpl-2\",\"model\":\"gpt-4\",\"choices\":[{\"index\":0,\"delta\":{},"
            + "\"finish_reason\":\"stop\"}]}",
        "[DONE]");

    Response r = api.openai("gpt-4o").stream(HELLO).collect();

    assertThat(r.id()).isEqualTo("chatcmpl-2");
    assertThat(r.model()).isEqualTo("gpt-4");
    assertThat(r.text()).isEqualTo("ab");
  }
}
