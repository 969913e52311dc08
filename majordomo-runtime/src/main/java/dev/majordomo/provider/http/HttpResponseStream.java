package dev.majordomo.provider.http;

import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;

/**
 * A {@link ResponseStream} over a streaming OkHttp body: frames are read and decoded on demand, in
 * the consumer's thread. {@link #close()} cancels the call, so a consumer that stops early (or
 * another thread) frees the connection at once; a read blocked at that moment fails with {@link
 * dev.majordomo.llm.ErrorKind#CANCELLED}.
 */
final class HttpResponseStream<F> implements ResponseStream {
  private final HttpTransport transport;
  private final Call call;
  private final Response response;
  private final FrameReader<F> reader;
  private final StreamDecoder<F> decoder;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private final Consumer<StreamEvent> toPending = pending::add;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean closed;
  private volatile boolean reading;
  private boolean finished;

  HttpResponseStream(
      HttpTransport transport,
      Call call,
      Response response,
      FrameReader<F> reader,
      StreamDecoder<F> decoder) {
    this.transport = transport;
    this.call = call;
    this.response = response;
    this.reader = reader;
    this.decoder = decoder;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (pending.isEmpty() && !finished) {
      F frame;
      reading = true;
      try {
        frame = reader.next();
      } catch (IOException e) {
        finished = true;
        release();
        throw transport.ioFailure(e, call, closed);
      } finally {
        reading = false;
      }
      try {
        if (frame == null) {
          finished = true;
          decoder.endOfInput(toPending);
        } else if (decoder.decode(frame, toPending)) {
          finished = true;
        }
      } catch (RuntimeException e) {
        finished = true;
        pending.clear();
        release();
        throw e;
      }
      if (finished || closed) {
        release();
      }
    }
    return !pending.isEmpty() && !closed;
  }

  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return pending.poll();
  }

  /** Whether the consumer is blocked reading the body (for tests of concurrent close). */
  boolean isReading() {
    return reading;
  }

  @Override
  public void close() {
    closed = true;
    call.cancel();
    if (!reading) {
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      try {
        response.close();
      } catch (RuntimeException e) {
        // Closing a cancelled body may fail; there is nothing left to free.
      }
    }
  }
}
