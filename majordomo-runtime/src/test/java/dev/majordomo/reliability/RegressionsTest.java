package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.ConfigException;
import dev.majordomo.Registry;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.internal.http.SseEvent;
import dev.majordomo.internal.http.StreamDecoder;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One example for each bug the fuzz and property tests of this package found. */
class RegressionsTest {

  private static List<String> sse(String body) {
    OkHttpClient client =
        CannedHttp.client(
            r ->
                new CannedHttp.Reply(
                    200, "text/event-stream", body.getBytes(StandardCharsets.UTF_8), List.of(3)));
    HttpTransport transport = HttpTransport.builder(new Target("t", "h", -1, "m")).build();
    StreamDecoder<SseEvent> show =
        new StreamDecoder<>() {
          @Override
          public boolean decode(SseEvent e, Consumer<StreamEvent> out) {
            out.accept(new StreamEvent.TextDelta(e.event() + "|" + e.data()));
            return false;
          }

          @Override
          public void endOfInput(Consumer<StreamEvent> out) {}
        };
    List<String> frames = new ArrayList<>();
    try (ResponseStream s =
        transport.streamSse(
            client, new okhttp3.Request.Builder().url("https://h.invalid").build(), null, show)) {
      s.forEachRemaining(e -> frames.add(((StreamEvent.TextDelta) e).text()));
    }
    return frames;
  }

  @Test
  void aLoneCarriageReturnEndsAnSseLine() {
    assertThat(sse("data: a\r\rdata: b\r\n\r\ndata: c\n\n"))
        .containsExactly("message|a", "message|b", "message|c");
  }

  @Test
  void aByteOrderMarkAtTheStartOfAnSseStreamIsDropped() {
    assertThat(sse("\uFEFFdata: x\n\n")).containsExactly("message|x");
  }

  @Test
  void anEmptySseEventFieldLeavesTheDefaultType() {
    assertThat(sse("event:\ndata: x\n\nevent: delta\ndata: y\n\n"))
        .containsExactly("message|x", "delta|y");
  }

  @Test
  void absurdTokenCountsFromAServerNeverFailAReply() {
    String body =
        "{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\","
            + "\"usage\":{\"input_tokens\":-5,\"cache_read_input_tokens\":9223372036854775807,"
            + "\"cache_creation_input_tokens\":9,\"output_tokens\":-1}}";
    Registry registry =
        Registry.builder()
            .env(Map.of())
            .httpClient(
                CannedHttp.client(
                    r ->
                        new CannedHttp.Reply(
                            200,
                            "application/json",
                            body.getBytes(StandardCharsets.UTF_8),
                            List.of())))
            .model("a", "anthropic://k@h.invalid/claude-sonnet-4-5")
            .build();

    Response reply = registry.model("a").call(Request.of(Message.user("hi")));

    assertThat(reply.text()).isEqualTo("hi");
    assertThat(reply.usage()).isEqualTo(new Usage(Long.MAX_VALUE, 0, Long.MAX_VALUE, 0, 9));
    assertThat(reply.usage().plus(reply.usage()).inputTokens()).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[", "[::1", "http://[", "[::1]x", "[::1]:x"})
  void aMalformedBracketedOllamaHostIsAConfigurationError(String value) {
    Registry registry = Registry.builder().env(Map.of("OLLAMA_HOST", value)).build();
    assertThatThrownBy(() -> registry.chain("ollama/llama3.2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OLLAMA_HOST")
        .hasCauseInstanceOf(ProviderConfigException.class);
  }

  @Test
  void aBracketedOllamaHostKeepsItsWholeAddress() {
    List<String> urls = new ArrayList<>();
    Registry registry =
        Registry.builder()
            .env(Map.of("OLLAMA_HOST", "[::1]:9000"))
            .httpClient(
                CannedHttp.client(
                    r -> {
                      urls.add(r.url().toString());
                      return new CannedHttp.Reply(
                          200,
                          "application/json",
                          ProviderBodies.OLLAMA.reply("ok").getBytes(StandardCharsets.UTF_8),
                          List.of());
                    }))
            .build();
    registry.model("ollama/llama3.2").call(Request.of(Message.user("hi")));
    assertThat(urls).contains("http://[::1]:9000/api/chat");
  }
}
