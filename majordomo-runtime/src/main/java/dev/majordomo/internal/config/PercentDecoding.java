package dev.majordomo.internal.config;

import dev.majordomo.ConfigException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Strict percent-decoding of a DSN's token, model id and query values. */
final class PercentDecoding {
  private PercentDecoding() {}

  /**
   * {@code text} with each {@code %XX} replaced by its byte, read as UTF-8; {@code +} stays {@code
   * +}.
   *
   * @param what what {@code text} is, as messages name it ({@code the token}); messages never quote
   *     the text, which may be a secret
   * @param fail the error for a message
   */
  static String decode(String text, String what, Function<String, ConfigException> fail) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteBuffer bytes = ByteBuffer.allocate(text.length() * 4);
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw fail.apply(
              "bad percent-encoding in "
                  + what
                  + ": a \"%\" must be followed by two hex digits (write %25 for \"%\")");
        }
        bytes.put((byte) (high * 16 + low));
        i += 3;
      } else {
        int cp = text.codePointAt(i);
        bytes.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    bytes.flip();
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw fail.apply("bad percent-encoding in " + what + ": the bytes are not valid UTF-8");
    }
  }
}
