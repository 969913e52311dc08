package dev.majordomo.assistant;

import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** A stream that starts its call on the first {@link #hasNext()}; closed first, it never starts. */
final class LazyResponseStream implements ResponseStream {
  private final Supplier<ResponseStream> opener;
  private volatile ResponseStream delegate;
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
      d = opener.get();
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
    ResponseStream d = delegate;
    if (d != null) {
      d.close();
    }
  }
}
