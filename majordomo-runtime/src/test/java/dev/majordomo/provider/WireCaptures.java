package dev.majordomo.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The recorded replies under {@code src/test/resources/wire-captures} (see its SOURCES.tsv). */
public final class WireCaptures {
  private WireCaptures() {}

  /**
   * The capture's bytes as text, exactly as recorded.
   *
   * @param name the path under {@code wire-captures/}, such as {@code openai/oai-json-text.json}
   */
  public static String read(String name) {
    try (InputStream in = WireCaptures.class.getResourceAsStream("/wire-captures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no wire capture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
