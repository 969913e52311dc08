package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * A stream that starts its call on the first {@link #hasNext()}; closed first, it never starts.
 * Closed from another thread while the call is being opened (the chain's attempts, retries and
 * backoff, the wait for the first event), it cancels the opening at once: the HTTP call in flight
 * and any backoff wait end, and {@code hasNext()} returns {@code false}.
 *
 * <p>The first {@code hasNext()} also starts the call's observation, in the observers' context of
 * the thread that called the method; the observation ends with the stream: its final event or its
 * end, a failure, or a close before either.
 */
final class LazyResponseStream implements ResponseStream {
  private final Supplier<ResponseStream> opener;
  private final Supplier<CallObservation> observations;
  private final ContextSnapshot context;
  private volatile ResponseStream delegate;
  private final Cancellation cancellation = new Cancellation();
  private volatile boolean closed;
  private volatile CallObservation observation;
  private Usage usage = Usage.NONE;

  LazyResponseStream(Supplier<ResponseStream> opener) {
    this(opener, () -> CallObservation.NONE, ContextSnapshot.NONE);
  }

  /**
   * @param opener opens the stream
   * @param observations starts the call's observation (ended at most once by whoever ends it)
   * @param context the observers' context where the method was called, restored around each read
   */
  LazyResponseStream(
      Supplier<ResponseStream> opener,
      Supplier<CallObservation> observations,
      ContextSnapshot context) {
    this.opener = opener;
    this.observations = observations;
    this.context = context;
  }

  @Override
  @SuppressWarnings("try") // the scopes are entered for what runs inside them
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    try (Observation.Scope restored = context.restore()) {
      CallObservation o = observation;
      if (o == null) {
        o = observations.get();
        observation = o;
      }
      try (Observation.Scope entered = o.enter()) {
        boolean more = advance();
        if (!more) {
          if (closed) {
            o.failed(closedEarly());
          } else {
            o.succeeded(usage, null);
          }
        }
        return more;
      } catch (RuntimeException | Error e) {
        o.failed(e);
        throw e;
      }
    }
  }

  private boolean advance() {
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
    StreamEvent event;
    try {
      event = delegate.next();
    } catch (RuntimeException | Error e) {
      CallObservation o = observation;
      if (o != null) {
        o.failed(e);
      }
      throw e;
    }
    if (event instanceof StreamEvent.UsageEvent u) {
      usage = u.usage();
    } else if (event instanceof StreamEvent.Done) {
      // The usual reader stops here and closes: the call has delivered its whole reply.
      CallObservation o = observation;
      if (o != null) {
        o.succeeded(usage, null);
      }
    }
    return event;
  }

  @Override
  public void close() {
    closed = true;
    cancellation.cancel();
    ResponseStream d = delegate;
    if (d != null) {
      d.close();
    }
    CallObservation o = observation;
    if (o != null) {
      o.failed(closedEarly());
    }
  }

  private static CancellationException closedEarly() {
    return new CancellationException("the stream was closed before its end");
  }
}
