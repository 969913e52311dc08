package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Property(tries = 3000)
  void plainJsonTextIsStrictUtf8WithoutNulOrLeadingBom(@ForAll("mixedBytes") byte[] bytes) {
    assertThat(Utf8.isPlainJsonText(bytes)).isEqualTo(reference(bytes));
  }

  @Property(tries = 1000)
  void anyStringEncodedIsPlainUnlessItHasNulOrStartsWithBom(@ForAll String text) {
    boolean expected = text.indexOf('\0') < 0 && !text.startsWith("\uFEFF") && isWellFormed(text);
    assertThat(Utf8.isPlainJsonText(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(expected);
  }

  @Test
  void theBoundariesOfEachSequenceLength() {
    assertThat(Utf8.isPlainJsonText(hex("7F"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("C280"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("C180"))).as("overlong").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("E0A080"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("E09F80"))).as("overlong").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("ED9FBF"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("EDA080"))).as("surrogate").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("F0908080"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("F08F8080"))).as("overlong").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("F48FBFBF"))).isTrue();
    assertThat(Utf8.isPlainJsonText(hex("F4908080"))).as("above U+10FFFF").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("F5808080"))).isFalse();
    assertThat(Utf8.isPlainJsonText(hex("E282"))).as("truncated").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("4141414141414100"))).as("NUL in a word").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("41414141414141414100"))).as("NUL in the tail").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("EFBBBF7B7D"))).as("leading BOM").isFalse();
    assertThat(Utf8.isPlainJsonText(hex("7BEFBBBF7D"))).as("BOM inside").isTrue();
    assertThat(Utf8.isPlainJsonText(new byte[0])).isTrue();
  }

  private static boolean reference(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    if (bytes.length >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      return false;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }

  @Provide
  Arbitrary<byte[]> mixedBytes() {
    List<byte[]> pieces =
        List.of(
            "{\"a\":\"".getBytes(StandardCharsets.UTF_8),
            "abcdefghij".getBytes(StandardCharsets.UTF_8),
            "é€😀".getBytes(StandardCharsets.UTF_8),
            hex("00"),
            hex("FF"),
            hex("C3"),
            hex("C080"),
            hex("E282"),
            hex("EDA080"),
            hex("EFBBBF"),
            hex("F4908080"),
            hex("80"));
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
        Arbitraries.of(pieces)
            .list()
            .ofMaxSize(12)
            .map(
                list -> {
                  java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                  list.forEach(out::writeBytes);
                  return out.toByteArray();
                }));
  }
}
