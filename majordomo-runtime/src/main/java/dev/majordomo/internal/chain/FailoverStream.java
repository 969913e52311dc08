package dev.majordomo.internal.chain;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.time.TimeSource;
import java.lang.ref.Cleaner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stream a {@link FailoverChain} hands out once a target delivered its first event: it replays
 * that event, then delegates. From here on there is no failover; the chain only learns how the
 * stream ended: its final event ({@link StreamEvent.Done}) delivered to the consumer, or the end of
 * the events, is a success; an error is a failure of the target, unless it is a cancellation. Once
 * {@link #close()} ran (from any thread), whatever the target's stream throws is the consequence of
 * closing it, not the target's failure: the stream just ends.
 */
final class FailoverStream implements ResponseStream {
  private static final Cleaner CLEANER = Cleaner.create();

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

  /** The successful attempt's observation, ended once by whichever of end, failure, close wins. */
  private final AttemptObservation observation;

  private final AtomicBoolean observationEnded = new AtomicBoolean();

  /** When the attempt started (its observation's durations count from there). */
  private final Instant began;

  /** What the stream delivered, for the observation's reply; {@code null} when unobserved. */
  private final List<StreamEvent> delivered;

  FailoverStream(
      FailoverChain chain,
      Target target,
      ResponseStream delegate,
      StreamEvent first,
      List<Attempt> log,
      Instant limitAt,
      AttemptObservation observation,
      Instant began) {
    this.chain = chain;
    this.target = target;
    this.delegate = delegate;
    this.first = first;
    this.attempts = List.copyOf(log);
    this.opened = chain.time().now();
    this.limitAt = limitAt;
    this.observation = observation;
    this.began = began;
    this.delivered = observation == AttemptObservation.NONE ? null : new ArrayList<>();
    if (observation != AttemptObservation.NONE) {
      // Only an observed stream pays for the safety net: its observation must end.
      CLEANER.register(
          this, new Abandoned(delegate, observation, observationEnded, began, chain.time()));
    }
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
    } catch (Error e) {
      exhausted = true;
      failedWithError(e);
      throw e;
    }
    if (!more) {
      exhausted = true;
      if (closed) {
        // The target's stream ended because close() closed it: the close ends the attempt.
        return false;
      }
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
      } catch (Error e) {
        exhausted = true;
        failedWithError(e);
        throw e;
      }
    }
    if (delivered != null) {
      delivered.add(event);
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
      if (observationEnded.compareAndSet(false, true)) {
        observation.failed(
            ErrorKind.CANCELLED,
            new CancellationException("the stream was closed before its end"),
            sinceBegan());
      }
    }
  }

  /** The stream delivered its final event or ended normally: the target served the reply. */
  void completed() {
    if (!recorded) {
      recorded = true;
      chain.streamCompleted(target);
      if (delivered != null && observationEnded.compareAndSet(false, true)) {
        observation.succeeded(deliveredResponse(), sinceBegan());
      }
    }
  }

  /** The stream failed; after its final event was delivered that no longer counts. */
  private void failed(RuntimeException error) {
    if (!recorded) {
      recorded = true;
      Instant now = chain.time().now();
      boolean callersLimitPassed = limitAt != null && !now.isBefore(limitAt);
      ErrorKind kind =
          chain.streamFailed(target, error, Duration.between(opened, now), callersLimitPassed);
      if (observationEnded.compareAndSet(false, true)) {
        observation.failed(kind, error, Duration.between(began, now));
      }
    }
  }

  /**
   * The target's stream threw an {@link Error}: not a failure the chain counts against the target,
   * but the attempt's observation still ends.
   */
  private void failedWithError(Error error) {
    if (observationEnded.compareAndSet(false, true)) {
      observation.failed(ErrorKind.PERMANENT, error, sinceBegan());
    }
  }

  private Duration sinceBegan() {
    return Duration.between(began, chain.time().now());
  }

  /** The reply as the stream delivered it, annotated like {@link #collect()}. */
  private Response deliveredResponse() {
    return ResponseStream.of(delivered).collect().routed(target, attempts);
  }

  /**
   * Ends the attempt of a stream that was neither read to its end nor closed, once it is
   * unreachable: late, at the collector's pace, but ended. Never refers to the stream, which would
   * otherwise stay reachable.
   */
  private record Abandoned(
      ResponseStream delegate,
      AttemptObservation observation,
      AtomicBoolean observationEnded,
      Instant began,
      TimeSource time)
      implements Runnable {
    @Override
    public void run() {
      if (observationEnded.compareAndSet(false, true)) {
        FailoverChain.closeQuietly(delegate);
        observation.failed(
            ErrorKind.CANCELLED,
            new CancellationException("the stream was abandoned before its end, unclosed"),
            Duration.between(began, time.now()));
      }
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
