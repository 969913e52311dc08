package dev.majordomo.provider.http;

import java.io.IOException;
import java.net.ProtocolException;
import okio.BufferedSource;

/**
 * Reads {@code \n}-terminated UTF-8 lines (a trailing {@code \r} is dropped) with a length limit,
 * so that a server that never sends a newline cannot make the client buffer without bound.
 */
final class LineReader {
  private final BufferedSource source;
  private final long maxLineBytes;

  LineReader(BufferedSource source, long maxLineBytes) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
    }
    this.source = source;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The next line without its terminator, or {@code null} at the end of the input. A last line
   * without a terminator is returned as a line.
   *
   * @throws ProtocolException when a line is longer than the limit
   */
  String next() throws IOException {
    // Search one byte past the limit so that a line of exactly the limit still fits (with its \n).
    long newline = source.indexOf((byte) '\n', 0, maxLineBytes + 1);
    if (newline >= 0) {
      String line = source.readUtf8(newline);
      source.skip(1);
      return stripCr(line);
    }
    long buffered = source.getBuffer().size();
    if (buffered > maxLineBytes) {
      throw new ProtocolException(
          "a line of the stream is longer than "
              + maxLineBytes
              + " bytes (the limit, Limits.maxStreamLineBytes)");
    }
    if (buffered == 0) {
      return null;
    }
    // The source is exhausted (indexOf stops early only at the end of the input).
    return stripCr(source.readUtf8());
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
