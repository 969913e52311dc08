package dev.majordomo.internal.http;

import java.io.IOException;
import java.net.ProtocolException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads UTF-8 lines with a length limit, so that a server that never sends a line terminator cannot
 * make the client buffer without bound. NDJSON lines end in {@code \n} (a {@code \r} before it is
 * dropped); Server-Sent Events lines end in {@code \r\n}, {@code \n} or a lone {@code \r}, as the
 * standard says.
 */
final class LineReader {
  private static final ByteString CR_OR_LF = ByteString.encodeUtf8("\r\n");

  private final BufferedSource source;
  private final long maxLineBytes;
  private final boolean crEndsLine;
  private boolean skipLf;
  private boolean terminated;

  /** A reader of {@code \n}-terminated lines (NDJSON). */
  LineReader(BufferedSource source, long maxLineBytes) {
    this(source, maxLineBytes, false);
  }

  /**
   * @param crEndsLine whether a lone {@code \r} ends a line too (Server-Sent Events)
   */
  LineReader(BufferedSource source, long maxLineBytes, boolean crEndsLine) {
    if (maxLineBytes <= 0) {
      throw new IllegalArgumentException("maxLineBytes must be positive, was " + maxLineBytes);
    }
    this.source = source;
    this.maxLineBytes = maxLineBytes;
    this.crEndsLine = crEndsLine;
  }

  /**
   * The next line without its terminator, or {@code null} at the end of the input. A last line
   * without a terminator is returned as a line.
   *
   * @throws ProtocolException when a line is longer than the limit
   */
  String next() throws IOException {
    return crEndsLine ? nextSseLine() : nextLfLine();
  }

  private String nextLfLine() throws IOException {
    // Search one byte past the limit so that a line of exactly the limit still fits (with its \n).
    long newline = source.indexOf((byte) '\n', 0, maxLineBytes + 1);
    if (newline >= 0) {
      String line = source.readUtf8(newline);
      source.skip(1);
      return stripCr(line);
    }
    long buffered = source.getBuffer().size();
    if (buffered > maxLineBytes) {
      throw tooLong();
    }
    if (buffered == 0) {
      return null;
    }
    // The source is exhausted (indexOf stops early only at the end of the input).
    return stripCr(source.readUtf8());
  }

  private String nextSseLine() throws IOException {
    long length = findSseLine();
    if (length < 0) {
      return null;
    }
    String line = source.readUtf8(length);
    finishLine(0);
    return line;
  }

  /**
   * Finds the next Server-Sent Events line without reading it: the line is the first {@code length}
   * bytes of {@link #source()}'s buffer. The caller reads or skips what it needs of it, then calls
   * {@link #finishLine} with the number of the line's bytes it left in the buffer. A last line
   * without a terminator is returned as a line.
   *
   * @return the line's length in bytes, or {@code -1} at the end of the input
   * @throws ProtocolException when a line is longer than the limit
   */
  long findSseLine() throws IOException {
    if (skipLf) {
      // The last line ended in \r: a \n right after it belongs to that terminator.
      skipLf = false;
      if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
        source.skip(1);
      }
    }
    long scanned = 0;
    while (true) {
      Buffer buffer = source.getBuffer();
      long end = buffer.indexOfElement(CR_OR_LF, scanned);
      if (end >= 0) {
        if (end > maxLineBytes) {
          throw tooLong();
        }
        terminated = true;
        return end;
      }
      scanned = buffer.size();
      if (scanned > maxLineBytes) {
        throw tooLong();
      }
      if (!source.request(scanned + 1)) {
        terminated = false;
        return scanned == 0 ? -1 : scanned;
      }
    }
  }

  /** Skips the rest of the line {@link #findSseLine} found ({@code unread} bytes) and its end. */
  void finishLine(long unread) throws IOException {
    source.skip(unread);
    if (terminated) {
      skipLf = source.readByte() == '\r';
    }
  }

  /** The source the lines are read from; {@link #findSseLine} leaves a line in its buffer. */
  BufferedSource source() {
    return source;
  }

  /** Whether a lone {@code \r} ends a line (Server-Sent Events). */
  boolean crEndsLine() {
    return crEndsLine;
  }

  private ProtocolException tooLong() {
    return new ProtocolException(
        "a line of the stream is longer than "
            + maxLineBytes
            + " bytes (the limit, Limits.maxStreamLineBytes)");
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
