package dev.majordomo.chain;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The stream a {@link Chain} hands out once a target delivered its first event: it replays that
 * event, then delegates. From here on there is no failover; the chain only learns how the stream
 * ended (read to the end: a success; an error: a failure of the target).
 */
final class FailoverStream implements ResponseStream {
  private final Chain chain;
  private final Target target;
  private final ResponseStream delegate;
  private final List<Attempt> attempts;
  private final Instant opened;
  private StreamEvent first;
  private boolean ended;
  private boolean closed;

  FailoverStream(
      Chain chain, Target target, ResponseStream delegate, StreamEvent first, List<Attempt> log) {
    this.chain = chain;
    this.target = target;
    this.delegate = delegate;
    this.first = first;
    this.attempts = List.copyOf(log);
    this.opened = chain.time().now();
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (first != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    boolean more;
    try {
      more = delegate.hasNext();
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
    if (!more) {
      completed();
    }
    return more;
  }

  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream from " + target + " has ended");
    }
    if (first != null) {
      StreamEvent event = first;
      first = null;
      return event;
    }
    try {
      return delegate.next();
    } catch (RuntimeException e) {
      failed(e);
      throw e;
    }
  }

  /** Collects the rest of the stream, annotated with the target and the chain's attempts. */
  @Override
  public Response collect() {
    return ResponseStream.super.collect().routed(target, attempts);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Chain.closeQuietly(delegate);
    }
  }

  /** The stream ended normally: the target served the whole reply. */
  void completed() {
    if (!ended) {
      ended = true;
      chain.streamCompleted(target);
    }
  }

  private void failed(RuntimeException error) {
    if (!ended) {
      ended = true;
      chain.streamFailed(target, error, Duration.between(opened, chain.time().now()));
    }
  }

  @Override
  public String toString() {
    return "FailoverStream[" + target + (ended ? ", ended" : "") + (closed ? ", closed" : "") + "]";
  }
}
