package dev.majordomo.internal.http;

import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static final int IDLE = 0;
  private static final int READING = 1;
  private static final int CLOSED = 2;

  private final HttpFailures failures;
  private final Call call;
  private final Response response;
  private final FrameReader<F> reader;
  private final StreamDecoder<F> decoder;

  /**
   * Cancels the call when the caller's call is cancelled or a stream time-out runs out; closed when
   * the body is released.
   */
  private final StreamGuard guard;

  /** Whether the decoder produced an event yet: until then the first-event limit applies. */
  private boolean firstEventSeen;

  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private final Consumer<StreamEvent> toPending = pending::add;
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile boolean closed;

  /** {@link #IDLE}, {@link #READING} (the consumer is in the reader) or {@link #CLOSED}. */
  private final AtomicInteger state = new AtomicInteger(IDLE);

  private boolean finished;

  HttpResponseStream(
      HttpFailures failures,
      Call call,
      Response response,
      FrameReader<F> reader,
      StreamDecoder<F> decoder,
      StreamGuard guard) {
    this.failures = failures;
    this.guard = guard;
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
      // The body is read only while the stream holds it: a close() from another thread between
      // two reads releases the body, and reading a released body would fail with okio's
      // IllegalStateException("closed"), which is not the server's failure.
      if (!state.compareAndSet(IDLE, READING)) {
        finished = true;
        return false;
      }
      if (firstEventSeen) {
        if (guard.cutWhileHeld()) {
          // The consumer held the last event past the hold limit and the call was cancelled: say
          // so, rather than reading a cancelled body (or the rest of a buffered one).
          finished = true;
          state.set(IDLE);
          release();
          throw failures.heldTooLong(guard);
        }
        guard.awaitingFrame();
      }
      try {
        frame = reader.next();
      } catch (IOException e) {
        finished = true;
        state.set(IDLE);
        release();
        throw failures.streamIoFailure(e, call, closed, guard, firstEventSeen);
      } catch (RuntimeException e) {
        finished = true;
        state.set(IDLE);
        release();
        if (closed) {
          // whatever a body closed under the reader throws, the caller asked for it
          return false;
        }
        throw e;
      }
      state.set(IDLE);
      if (closed) {
        finished = true;
        release();
        return false;
      }
      if (firstEventSeen) {
        guard.holdingFrame();
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
      if (!firstEventSeen && !pending.isEmpty()) {
        // From here on only the gap between frames bounds the stream (besides an explicit timeout).
        firstEventSeen = true;
        guard.holdingFrame();
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

  /** Whether a stream time-out would fire within {@code nanos} from now (for tests). */
  boolean timeoutArmedWithin(long nanos) {
    return guard.watch() != null && guard.watch().dueWithin(nanos);
  }

  /** Whether the consumer is blocked reading the body (for tests of concurrent close). */
  boolean isReading() {
    return state.get() == READING;
  }

  /**
   * Cancels the call, from any thread. The body is released here unless the consumer is reading it
   * at this moment: then the cancelled read fails at once and the consumer releases it.
   */
  @Override
  public void close() {
    closed = true;
    call.cancel();
    if (state.compareAndSet(IDLE, CLOSED) || state.get() == CLOSED) {
      release();
    }
  }

  private void release() {
    if (released.compareAndSet(false, true)) {
      guard.close();
      try {
        response.close();
      } catch (RuntimeException e) {
        // Closing a cancelled body may fail; there is nothing left to free.
      }
    }
  }
}
