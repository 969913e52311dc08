package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonEventParserTest {

  private final JsonEventParser events = new JsonEventParser();

  private JsonNode read(SseEvent event) throws IOException {
    JsonParser parser = events.begin(event);
    parser.nextToken();
    JsonNode node = WireJson.readValue(parser);
    events.end();
    return node;
  }

  private static SseEvent bytes(String data) {
    return SseEvent.ofUtf8("message", data.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void eventsAfterEachOtherReadAsTheirOwnValues() throws IOException {
    assertThat(read(bytes("{\"a\":1}")).toString()).isEqualTo("{\"a\":1}");
    assertThat(read(bytes("{\"b\":[1,2]}")).toString()).isEqualTo("{\"b\":[1,2]}");
    assertThat(read(bytes("{\"c\":\"é😀\"}")).get("c").asText()).isEqualTo("é😀");
  }

  @Test
  void whatFollowsAnEventsValueIsDropped() throws IOException {
    assertThat(read(bytes("{\"a\":1} trailing {\"x\":")).toString()).isEqualTo("{\"a\":1}");
    assertThat(read(bytes("{\"b\":2}")).toString()).isEqualTo("{\"b\":2}");
  }

  @Test
  void shortEventsAndEventsThatAreNotPlainObjectsGetTheirOwnParser() throws IOException {
    assertThat(read(bytes("{}")).toString()).isEqualTo("{}");
    assertThat(read(bytes("[1]")).toString()).isEqualTo("[1]");
    assertThat(read(bytes("{\"a\":\"\u00FF\"}")).toString()).isEqualTo("{\"a\":\"\u00FF\"}");
    byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'};
    assertThat(read(SseEvent.ofUtf8("message", invalid, null)).get("a").asText())
        .isEqualTo("\uFFFD");
    assertThat(read(new SseEvent("message", "{\"t\":1}", null)).toString()).isEqualTo("{\"t\":1}");
    assertThat(read(bytes("{\"after\":true}")).toString()).isEqualTo("{\"after\":true}");
  }

  @Test
  void anEventLongerThanTheParsersBufferIsReadWholeAndTheNextOneStillParses() throws IOException {
    String big = "x".repeat(20_000);
    assertThat(read(bytes("{\"big\":\"" + big + "\"}")).get("big").asText()).isEqualTo(big);
    assertThat(read(bytes("{\"next\":1}")).toString()).isEqualTo("{\"next\":1}");
    // Dropped in the middle of a long event: the rest of it is not read as the next event.
    JsonParser parser = events.begin(bytes("{\"a\":1,\"pad\":\"" + big + "\"}"));
    parser.nextToken();
    parser.nextToken();
    events.abandon();
    assertThat(read(bytes("{\"fresh\":1}")).toString()).isEqualTo("{\"fresh\":1}");
  }

  @Test
  void afterAFailureTheSharedParserIsReplaced() throws IOException {
    assertThat(read(bytes("{\"a\":1}")).toString()).isEqualTo("{\"a\":1}");
    JsonParser broken = events.begin(bytes("{\"a\":"));
    assertThatThrownBy(
            () -> {
              broken.nextToken();
              WireJson.readValue(broken);
            })
        .isInstanceOf(JsonProcessingException.class);
    events.abandon();
    assertThat(read(bytes("{\"b\":2}")).toString()).isEqualTo("{\"b\":2}");
  }
}
