package dev.majordomo.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void actionsRunOnCancelOnceAndNotAfterTheirRegistrationClosed() {
    Cancellation c = new Cancellation();
    AtomicInteger kept = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    c.onCancel(kept::incrementAndGet);
    c.onCancel(dropped::incrementAndGet).close();

    c.cancel();
    c.cancel();

    assertThat(kept).hasValue(1);
    assertThat(dropped).hasValue(0);
    assertThat(c.isCancelled()).isTrue();
  }

  @Test
  void anActionRegisteredAfterTheCancelRunsAtOnce() {
    Cancellation c = new Cancellation();
    c.cancel();
    AtomicInteger ran = new AtomicInteger();
    c.onCancel(ran::incrementAndGet);
    assertThat(ran).hasValue(1);
  }

  @Test
  void enteringMakesItCurrentAndAnOuterCancellationCancelsTheInnerOne() {
    Cancellation outer = new Cancellation();
    Cancellation inner = new Cancellation();
    assertThat(Cancellation.current().isCancelled()).isFalse();
    Cancellation.Registration o = outer.enter();
    Cancellation.Registration i = inner.enter();
    assertThat(Cancellation.current()).isSameAs(inner);

    outer.cancel();

    assertThat(inner.isCancelled()).isTrue();
    i.close();
    assertThat(Cancellation.current()).isSameAs(outer);
    o.close();
    assertThat(Cancellation.current()).isNotSameAs(outer);
    assertThat(Cancellation.current().onCancel(() -> {}))
        .as("the never instance keeps nothing")
        .isNotNull();
  }

  @Test
  void aSleepOfACancelledCallFailsWithoutTouchingTheInterruptFlag() {
    Cancellation c = new Cancellation();
    FakeTimeSource time = new FakeTimeSource();
    c.cancel();
    assertThatThrownBy(() -> c.sleep(time, Duration.ofSeconds(5)))
        .isInstanceOf(CancellationException.class);
    assertThat(time.sleeps()).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aSleepThatIsNotCancelledWaitsOnTheGivenClock() throws Exception {
    Cancellation c = new Cancellation();
    FakeTimeSource time = new FakeTimeSource();
    c.sleep(time, Duration.ofSeconds(5));
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
  }
}
