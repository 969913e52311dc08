package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import java.lang.ref.Cleaner;
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
 * end, a failure, or a close before either. An observed stream that is neither read to its end nor
 * closed is ended by a {@link Cleaner} once unreachable: the target's stream is closed and the call
 * fails with a {@link CancellationException}, late and at the collector's pace.
 */
final class LazyResponseStream implements ResponseStream {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Supplier<ResponseStream> opener;
  private final Supplier<CallObservation> observations;
  private final ContextSnapshot context;
  private final Cancellation cancellation = new Cancellation();
  private final Ending ending = new Ending();
  private volatile Cleaner.Cleanable cleanable;
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
    if (ending.closed) {
      return false;
    }
    try (Observation.Scope restored = context.restore()) {
      CallObservation o = ending.observation;
      if (o == null) {
        o = observations.get();
        ending.observation = o;
        if (o != CallObservation.NONE) {
          // Only an observed stream pays for the safety net: its observation must end.
          cleanable = CLEANER.register(this, ending);
        }
      }
      try (Observation.Scope entered = o.enter()) {
        boolean more = advance();
        if (!more) {
          if (ending.closed) {
            o.failed(Ending.closedEarly());
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
    ResponseStream d = ending.delegate;
    if (d == null) {
      Cancellation.Registration scope = cancellation.enter();
      try {
        d = opener.get();
      } catch (RuntimeException e) {
        if (ending.closed) {
          // the failure is the cancellation that close() asked for
          return false;
        }
        throw e;
      } finally {
        scope.close();
      }
      ending.delegate = d;
      if (ending.closed) {
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
      event = ending.delegate.next();
    } catch (RuntimeException | Error e) {
      CallObservation o = ending.observation;
      if (o != null) {
        o.failed(e);
      }
      throw e;
    }
    if (event instanceof StreamEvent.UsageEvent u) {
      usage = u.usage();
    } else if (event instanceof StreamEvent.Done) {
      // The usual reader stops here and closes: the call has delivered its whole reply.
      CallObservation o = ending.observation;
      if (o != null) {
        o.succeeded(usage, null);
      }
    }
    return event;
  }

  @Override
  public void close() {
    ending.closed = true;
    cancellation.cancel();
    Cleaner.Cleanable c = cleanable;
    if (c != null) {
      c.clean();
    } else {
      ending.run();
    }
  }

  /**
   * What ends the stream, whether closed or collected unclosed: the target's stream and the call's
   * observation. Never refers to the stream, which would otherwise stay reachable.
   */
  private static final class Ending implements Runnable {
    volatile ResponseStream delegate;
    volatile CallObservation observation;
    volatile boolean closed;

    static CancellationException closedEarly() {
      return new CancellationException("the stream was closed before its end");
    }

    @Override
    public void run() {
      ResponseStream d = delegate;
      if (d != null) {
        d.close();
      }
      CallObservation o = observation;
      if (o != null) {
        // A stream read to its end has ended its observation already: this end is then ignored.
        o.failed(
            closed
                ? closedEarly()
                : new CancellationException("the stream was abandoned before its end, unclosed"));
      }
    }
  }
}
