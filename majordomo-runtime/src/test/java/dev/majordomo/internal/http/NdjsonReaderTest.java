package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

  private static List<String> parse(String body, int limit) throws IOException {
    NdjsonReader reader = new NdjsonReader(new LineReader(new Buffer().writeUtf8(body), limit));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = reader.next()) != null) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void splitsLinesSkipsBlankOnesAndKeepsALastLineWithoutNewline() throws IOException {
    assertThat(parse("{\"a\":1}\n\n{\"b\":\"é\"}\r\n  \n{\"done\":true}", 100))
        .containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"done\":true}");
  }

  @Test
  void emptyBodyHasNoLines() throws IOException {
    assertThat(parse("", 100)).isEmpty();
  }

  @Test
  void aLineOverTheLimitFailsEvenWithoutANewline() {
    assertThatThrownBy(() -> parse("y".repeat(500), 100))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("100 bytes");
  }

  @Test
  void theLimitMustBePositive() {
    assertThatThrownBy(() -> new LineReader(new Buffer(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
