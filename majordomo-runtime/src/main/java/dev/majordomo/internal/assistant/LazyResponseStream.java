package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A stream that starts its call on the first {@link #hasNext()}; closed first, it never starts.
 * Closed from another thread while the call is being opened (the chain's attempts, retries and
 * backoff, the wait for the first event), it cancels the opening at once: the HTTP call in flight
 * and any backoff wait end, and {@code hasNext()} returns {@code false}.
 */
final class LazyResponseStream implements ResponseStream {
  private final Supplier<ResponseStream> opener;
  private volatile ResponseStream delegate;
  private final Cancellation cancellation = new Cancellation();
  private volatile boolean closed;

  LazyResponseStream(Supplier<ResponseStream> opener) {
    this.opener = opener;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    ResponseStream d = delegate;
    if (d == null) {
      Cancellation.Registration scope = cancellation.enter();
      try {
        d = opener.get();
      } catch (RuntimeException e) {
        if (closed) {
          // the failure is the cancellation that close() asked for
          return false;
        }
        throw e;
      } finally {
        scope.close();
      }
      delegate = d;
      if (closed) {
        d.close();
        return false;
      }
    }
    return d.hasNext();
  }

  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return delegate.next();
  }

  @Override
  public void close() {
    closed = true;
    cancellation.cancel();
    ResponseStream d = delegate;
    if (d != null) {
      d.close();
    }
  }
}
