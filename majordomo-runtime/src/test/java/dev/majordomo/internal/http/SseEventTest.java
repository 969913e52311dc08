package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SseEventTest {

  /** An event read from bytes answers as the same event built from the decoded text. */
  @Property(tries = 3000)
  void bytesAndTextAgree(@ForAll("data") byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    SseEvent fromBytes = SseEvent.ofUtf8("message", bytes, "7");
    SseEvent fromText = new SseEvent("message", text, "7");
    assertThat(fromBytes.isDone()).isEqualTo(text.strip().equals(SseEvent.DONE));
    assertThat(fromBytes.isBlank()).isEqualTo(text.isBlank());
    assertThat(fromText.isDone()).isEqualTo(text.strip().equals(SseEvent.DONE));
    assertThat(fromText.isBlank()).isEqualTo(text.isBlank());
    assertThat(fromBytes.data()).isEqualTo(text);
    assertThat(fromBytes).isEqualTo(fromText).hasSameHashCodeAs(fromText);
    assertThat(fromBytes.toString()).isEqualTo(fromText.toString());
  }

  @Test
  void onlyObjectsInPlainUtf8AreHandedOutAsBytes() {
    assertThat(SseEvent.ofUtf8("m", utf8("{\"a\":\"é\"}"), null).plainJsonObject()).isNotNull();
    assertThat(SseEvent.ofUtf8("m", utf8(" {}"), null).plainJsonObject()).isNull();
    assertThat(SseEvent.ofUtf8("m", utf8("[1]"), null).plainJsonObject()).isNull();
    assertThat(SseEvent.ofUtf8("m", new byte[0], null).plainJsonObject()).isNull();
    assertThat(SseEvent.ofUtf8("m", new byte[] {'{', (byte) 0xFF, '}'}, null).plainJsonObject())
        .isNull();
    assertThat(new SseEvent("m", "{}", null).plainJsonObject()).isNull();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Provide
  Arbitrary<byte[]> data() {
    List<byte[]> pieces =
        List.of(
            utf8("[DONE]"),
            utf8("[DONE"),
            utf8("]"),
            utf8(" "),
            utf8("\t"),
            utf8("\n"),
            utf8("\u001C"),
            utf8("\u3000"),
            utf8("\u00A0"),
            utf8("\u2028"),
            utf8("{"),
            utf8("x"),
            new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xE2, (byte) 0x80});
    return Arbitraries.of(pieces)
        .list()
        .ofMaxSize(6)
        .map(
            list -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              list.forEach(out::writeBytes);
              return out.toByteArray();
            });
  }
}
