package dev.majordomo.internal.http;

import java.io.IOException;

/** Splits an {@code application/x-ndjson} body into its non-blank lines. */
final class NdjsonReader implements FrameReader<String> {
  private final LineReader lines;

  NdjsonReader(LineReader lines) {
    this.lines = lines;
  }

  @Override
  public String next() throws IOException {
    String line;
    while ((line = lines.next()) != null) {
      if (!line.isBlank()) {
        return line;
      }
    }
    return null;
  }
}
