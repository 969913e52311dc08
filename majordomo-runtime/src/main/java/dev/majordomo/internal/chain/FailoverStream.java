package dev.majordomo.internal.chain;

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
 * The stream a {@link FailoverChain} hands out once a target delivered its first event: it replays
 * that event, then delegates. From here on there is no failover; the chain only learns how the
 * stream ended: its final event ({@link StreamEvent.Done}) delivered to the consumer, or the end of
 * the events, is a success; an error is a failure of the target, unless it is a cancellation. Once
 * {@link #close()} ran (from any thread), whatever the target's stream throws is the consequence of
 * closing it, not the target's failure: the stream just ends.
 */
final class FailoverStream implements ResponseStream {
  private final FailoverChain chain;
  private final Target target;
  private final ResponseStream delegate;
  private final List<Attempt> attempts;
  private final Instant opened;

  /** When the time limit the caller gave this stream runs out; {@code null} for none. */
  private final Instant limitAt;

  private StreamEvent first;

  /** The target's stream has no more events (it ended or failed). */
  private boolean exhausted;

  /** The chain was told the outcome (success or failure); it is told once. */
  private boolean recorded;

  private volatile boolean closed;

  FailoverStream(
      FailoverChain chain,
      Target target,
      ResponseStream delegate,
      StreamEvent first,
      List<Attempt> log,
      Instant limitAt) {
    this.chain = chain;
    this.target = target;
    this.delegate = delegate;
    this.first = first;
    this.attempts = List.copyOf(log);
    this.opened = chain.time().now();
    this.limitAt = limitAt;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    if (first != null) {
      return true;
    }
    if (exhausted) {
      return false;
    }
    boolean more;
    try {
      more = delegate.hasNext();
    } catch (RuntimeException e) {
      exhausted = true;
      if (closed) {
        return false;
      }
      failed(e);
      throw e;
    }
    if (!more) {
      exhausted = true;
      completed();
    }
    return more;
  }

  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream from " + target + " has ended");
    }
    StreamEvent event;
    if (first != null) {
      event = first;
      first = null;
    } else {
      try {
        event = delegate.next();
      } catch (RuntimeException e) {
        exhausted = true;
        if (!closed) {
          failed(e);
        }
        throw e;
      }
    }
    if (event instanceof StreamEvent.Done) {
      // The usual consumer stops here and closes: the target has served the whole reply.
      completed();
    }
    return event;
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
      FailoverChain.closeQuietly(delegate);
    }
  }

  /** The stream delivered its final event or ended normally: the target served the reply. */
  void completed() {
    if (!recorded) {
      recorded = true;
      chain.streamCompleted(target);
    }
  }

  /** The stream failed; after its final event was delivered that no longer counts. */
  private void failed(RuntimeException error) {
    if (!recorded) {
      recorded = true;
      Instant now = chain.time().now();
      boolean callersLimitPassed = limitAt != null && !now.isBefore(limitAt);
      chain.streamFailed(target, error, Duration.between(opened, now), callersLimitPassed);
    }
  }

  @Override
  public String toString() {
    return "FailoverStream["
        + target
        + (exhausted ? ", ended" : "")
        + (closed ? ", closed" : "")
        + "]";
  }
}
