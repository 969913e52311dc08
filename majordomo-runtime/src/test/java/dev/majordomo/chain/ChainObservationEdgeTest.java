package dev.majordomo.chain;

import static dev.majordomo.chain.ChainFixture.HELLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.observation.RecordingObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The paths where an attempt's observation could be left open or ended the wrong way. */
class ChainObservationEdgeTest {
  private final ChainFixture f = new ChainFixture();
  private final RecordingObserver observer = new RecordingObserver();

  @Test
  void aModelThatThrowsAnErrorStillEndsItsAttempt() {
    Chain chain = f.chainWrapping("a", m -> throwing(new AssertionError("boom")), "a");

    assertThatThrownBy(() -> chain.withObserver(observer).call(HELLO))
        .isInstanceOf(AssertionError.class);

    assertThat(observer.lines("attempt"))
        .containsExactly("attempt a#1 parent=-", "attempt failed a#1 PERMANENT 0ms");
    assertThat(RecordingObserver.current()).isEqualTo("-");
  }

  @Test
  void aStreamWhoseModelThrowsAnErrorBeforeItsFirstEventEndsItsAttemptAndIsClosed() {
    AtomicInteger closes = new AtomicInteger();
    Chain chain =
        f.chainWrapping(
            "a",
            m ->
                streaming(
                    new ScriptedStream(closes) {
                      @Override
                      public boolean hasNext() {
                        throw new StackOverflowError();
                      }
                    }),
            "a");

    assertThatThrownBy(() -> chain.withObserver(observer).stream(HELLO))
        .isInstanceOf(StackOverflowError.class);

    assertThat(observer.lines("attempt"))
        .containsExactly("attempt a#1 stream parent=-", "attempt failed a#1 PERMANENT 0ms");
    assertThat(closes).hasValue(1);
  }

  @Test
  void aStreamWhoseModelThrowsAnErrorAfterItsFirstEventEndsItsAttempt() {
    AtomicInteger reads = new AtomicInteger();
    Chain chain =
        f.chainWrapping(
            "a",
            m ->
                streaming(
                    new ScriptedStream(new AtomicInteger()) {
                      @Override
                      public boolean hasNext() {
                        if (reads.incrementAndGet() > 1) {
                          throw new OutOfMemoryError("simulated");
                        }
                        return true;
                      }
                    }),
            "a");

    try (ResponseStream stream = chain.withObserver(observer).stream(HELLO)) {
      stream.next();
      assertThatThrownBy(stream::hasNext).isInstanceOf(OutOfMemoryError.class);
    }

    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt first-chunk a#1 0ms",
            "attempt failed a#1 PERMANENT 0ms");
  }

  /**
   * A reader blocked in the target's {@code hasNext()} while another thread closes the stream: the
   * target's stream then just ends, and that end is the close, not the reply served in full.
   */
  @Test
  void aStreamClosedWhileItsReaderWaitsEndsAsCancelledNotAsServed() throws Exception {
    CountDownLatch readerWaiting = new CountDownLatch(1);
    CountDownLatch delegateClosed = new CountDownLatch(1);
    CountDownLatch readerReturned = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    Chain chain =
        f.chainWrapping(
            "a",
            m ->
                streaming(
                    new ScriptedStream(new AtomicInteger()) {
                      @Override
                      public boolean hasNext() {
                        if (reads.incrementAndGet() == 1) {
                          return true;
                        }
                        readerWaiting.countDown();
                        await(delegateClosed);
                        return false; // what a provider's stream says once closed
                      }

                      @Override
                      public void close() {
                        delegateClosed.countDown();
                        // the reader sees the end before close() goes on: the worst interleaving
                        await(readerReturned);
                      }
                    }),
            "a");
    ResponseStream stream = chain.withObserver(observer).stream(HELLO);
    stream.next();

    CompletableFuture<Boolean> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return stream.hasNext();
              } finally {
                readerReturned.countDown();
              }
            });
    assertThat(readerWaiting.await(10, TimeUnit.SECONDS)).isTrue();
    stream.close();

    assertThat(reader.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt first-chunk a#1 0ms",
            "attempt failed a#1 CANCELLED 0ms");
  }

  @Test
  void anIpv6ServerIsNamedWithoutTheBracketsOfItsUri() {
    java.util.List<dev.majordomo.observation.AttemptStart> starts = new java.util.ArrayList<>();
    dev.majordomo.observation.Observer recording =
        new dev.majordomo.observation.Observer() {
          @Override
          public dev.majordomo.observation.AttemptObservation attemptStarted(
              dev.majordomo.observation.AttemptStart attempt) {
            starts.add(attempt);
            return dev.majordomo.observation.AttemptObservation.NONE;
          }
        };
    Chain chain =
        f.chainWrapping(
            "a",
            m ->
                new Model() {
                  @Override
                  public Response call(Request request) {
                    return Response.ofText("hi");
                  }

                  @Override
                  public ResponseStream stream(Request request) {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public java.util.Optional<java.net.URI> endpoint() {
                    return java.util.Optional.of(java.net.URI.create("http://[::1]:11434"));
                  }
                },
            "a");

    chain.withObserver(recording).call(HELLO);

    assertThat(starts)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.serverAddress()).isEqualTo("::1");
              assertThat(s.serverPort()).isEqualTo(11434);
            });
  }

  @Test
  void aChainsStreamAbandonedWithoutCloseEndsItsAttemptOnceUnreachable() {
    f.fake.model("a").stream("one", "two", "three");

    readOneEventAndAbandon(f.chain("a").withObserver(observer));
    assertThat(observer.lines("attempt failed")).isEmpty();

    // A nudge for the collector, not a timing assertion: at most 200 rounds of System.gc().
    for (int i = 0; i < 200 && observer.lines("attempt failed").isEmpty(); i++) {
      System.gc();
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    assertThat(observer.lines("attempt"))
        .containsExactly(
            "attempt a#1 stream parent=-",
            "attempt first-chunk a#1 0ms",
            "attempt failed a#1 CANCELLED 0ms");
    assertThat(f.fake.requests()).hasSize(1);
  }

  private static void readOneEventAndAbandon(Chain chain) {
    ResponseStream stream = chain.stream(HELLO);
    assertThat(stream.next()).isNotNull();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Model throwing(Error error) {
    return new Model() {
      @Override
      public Response call(Request request) {
        throw error;
      }

      @Override
      public ResponseStream stream(Request request) {
        throw error;
      }
    };
  }

  private static Model streaming(ResponseStream stream) {
    return new Model() {
      @Override
      public Response call(Request request) {
        throw new UnsupportedOperationException();
      }

      @Override
      public ResponseStream stream(Request request) {
        return stream;
      }
    };
  }

  /** A stream of text deltas "x", counting its closes. */
  private abstract static class ScriptedStream implements ResponseStream {
    private final AtomicInteger closes;

    ScriptedStream(AtomicInteger closes) {
      this.closes = closes;
    }

    @Override
    public StreamEvent next() {
      return new StreamEvent.TextDelta("x");
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }
}
