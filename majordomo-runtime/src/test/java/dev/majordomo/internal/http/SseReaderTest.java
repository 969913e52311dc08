package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseEvent> parse(String body) throws IOException {
    SseReader reader = new SseReader(new LineReader(new Buffer().writeUtf8(body), 1024, true));
    List<SseEvent> events = new ArrayList<>();
    SseEvent e;
    while ((e = reader.next()) != null) {
      events.add(e);
    }
    return events;
  }

  @Test
  void dataOnlyEventsAsOpenAiSendsThem() throws IOException {
    List<SseEvent> events = parse("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n");
    assertThat(events)
        .containsExactly(
            new SseEvent("message", "{\"a\":1}", null),
            new SseEvent("message", "{\"b\":2}", null),
            new SseEvent("message", "[DONE]", null));
    assertThat(events.get(2).isDone()).isTrue();
    assertThat(events.get(0).isDone()).isFalse();
  }

  @Test
  void namedEventsAsAnthropicSendsThem() throws IOException {
    List<SseEvent> events =
        parse(
            "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
                + "event: ping\ndata: {\"type\":\"ping\"}\n\n");
    assertThat(events).extracting(SseEvent::event).containsExactly("message_start", "ping");
    assertThat(events.get(1).data()).isEqualTo("{\"type\":\"ping\"}");
  }

  @Test
  void multiLineDataIsJoinedWithNewlines() throws IOException {
    assertThat(parse("data: first\ndata: second\ndata:third\n\n"))
        .containsExactly(new SseEvent("message", "first\nsecond\nthird", null));
  }

  @Test
  void commentsRetryAndUnknownFieldsAreIgnored() throws IOException {
    assertThat(parse(": keep-alive\nretry: 1000\nfoo: bar\ndata: x\n\n: trailing comment\n\n"))
        .containsExactly(new SseEvent("message", "x", null));
  }

  @Test
  void crlfLineEndingsAndOnlyOneLeadingSpaceDropped() throws IOException {
    assertThat(parse("event: e\r\ndata:  two spaces\r\n\r\n"))
        .containsExactly(new SseEvent("e", " two spaces", null));
  }

  @Test
  void idIsRememberedAcrossEventsAndEventNameIsNot() throws IOException {
    List<SseEvent> events = parse("id: 7\nevent: a\ndata: 1\n\ndata: 2\n\n");
    assertThat(events)
        .containsExactly(new SseEvent("a", "1", "7"), new SseEvent("message", "2", "7"));
  }

  @Test
  void onlyTheExactFieldNameCountsAndEmptyDataLinesStillJoin() throws IOException {
    assertThat(parse("dat: x\ndatax: y\nevents: z\ndata:\ndata\ndata: z\nid\n\n"))
        .containsExactly(new SseEvent("message", "\n\nz", ""));
  }

  @Test
  void aFieldWithoutColonIsAFieldWithEmptyValue() throws IOException {
    assertThat(parse("data\n\n")).containsExactly(new SseEvent("message", "", null));
  }

  @Test
  void eventsWithoutDataAreNotDispatched() throws IOException {
    assertThat(parse("event: lonely\n\ndata: y\n\n"))
        .containsExactly(new SseEvent("message", "y", null));
  }

  @Test
  void anUnfinishedEventAtTheEndIsDropped() throws IOException {
    assertThat(parse("data: complete\n\ndata: cut off"))
        .extracting(SseEvent::data)
        .containsExactly("complete");
  }

  @Test
  void aLineOverTheLimitFails() {
    String longLine = "data: " + "x".repeat(2000) + "\n\n";
    assertThatThrownBy(() -> parse(longLine))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("longer than 1024 bytes");
  }

  @Test
  void aLineOfExactlyTheLimitFits() throws IOException {
    String data = "x".repeat(1024 - "data: ".length());
    assertThat(parse("data: " + data + "\n\n")).extracting(SseEvent::data).containsExactly(data);
  }

  @Test
  void dataLinesLongerThanOkiosSegmentsAreCopiedWholeAndJoined() throws IOException {
    String first = "é".repeat(6000);
    String second = "x".repeat(9000);
    SseReader reader =
        new SseReader(
            new LineReader(
                new Buffer()
                    .writeUtf8("\uFEFFdata: " + first + "\rdata:" + second + "\r\n\r")
                    .writeUtf8(": note\r\ndata: " + second + "\n\n"),
                1 << 20,
                true));
    assertThat(reader.next()).isEqualTo(new SseEvent("message", first + "\n" + second, null));
    assertThat(reader.next()).isEqualTo(new SseEvent("message", second, null));
    assertThat(reader.next()).isNull();
  }

  @Test
  void eventsReadTheSameWhateverPiecesTheBytesArriveIn() throws IOException {
    StringBuilder body = new StringBuilder("\uFEFF");
    for (int i = 0; i < 300; i++) {
      body.append("id: ").append(i).append("\r\n");
      body.append("data: {\"n\":").append(i).append(",\"t\":\"").append("ü".repeat(i % 37));
      // Every fifth event has a second data line, and lone CRs end its lines.
      body.append("\"}\n").append(i % 5 == 0 ? "data: more\r\r" : "\n");
    }
    List<SseEvent> whole = parse(body.toString());
    assertThat(whole).hasSize(300);
    // The byte order mark dropped, a second data line joined, the id kept, UTF-8 decoded.
    assertThat(whole.get(0)).isEqualTo(new SseEvent("message", "{\"n\":0,\"t\":\"\"}\nmore", "0"));
    assertThat(whole.get(1)).isEqualTo(new SseEvent("message", "{\"n\":1,\"t\":\"ü\"}", "1"));
    assertThat(whole.get(36))
        .isEqualTo(new SseEvent("message", "{\"n\":36,\"t\":\"" + "ü".repeat(36) + "\"}", "36"));
    for (int piece : new int[] {1, 2, 3, 7, 64, 4095, 8191, 8192}) {
      Buffer all = new Buffer().writeUtf8(body.toString());
      Source trickle =
          new Source() {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
              return all.read(sink, Math.min(byteCount, piece));
            }

            @Override
            public Timeout timeout() {
              return Timeout.NONE;
            }

            @Override
            public void close() {}
          };
      SseReader reader = new SseReader(new LineReader(Okio.buffer(trickle), 1024, true));
      List<SseEvent> events = new ArrayList<>();
      SseEvent e;
      while ((e = reader.next()) != null) {
        events.add(e);
      }
      assertThat(events).as("pieces of %d bytes", piece).isEqualTo(whole);
    }
  }

  @Test
  void aReaderOfLfOnlyLinesIsRefused() {
    assertThatThrownBy(() -> new SseReader(new LineReader(new Buffer(), 1024)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
