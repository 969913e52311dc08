package dev.majordomo.internal.http;

import java.io.IOException;

/** Splits a streaming body into frames: SSE events or NDJSON lines. */
interface FrameReader<F> {
  /** The next frame, or {@code null} at the end of the body. */
  F next() throws IOException;
}
