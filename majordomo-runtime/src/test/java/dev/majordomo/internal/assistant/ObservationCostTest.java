package dev.majordomo.internal.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.internal.observation.CompositeObserver;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.Observer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a call costs when nobody observes its steps: the runtime recognises it by identity, so it
 * starts (and allocates) nothing for the observation of a call, an attempt or a tool.
 */
class ObservationCostTest {
  private static final MethodPlan PLAN = MethodPlan.forMethod("Agent", "ask").withChain("fake/a");

  @Test
  void aCallThatNoObserverObservesIsTheNoneObservation() {
    Observer quiet = new Observer() {};

    CallObservation started =
        CallObservations.start(Observer.all(quiet), TestTools.class, PLAN, null, false);

    assertThat(started).isSameAs(CallObservation.NONE);
  }

  @Test
  void observersOfChainEventsOnlyObserveNoStep() {
    List<ChainEvent> events = new ArrayList<>();
    ChainListener listener = events::add;

    assertThat(CompositeObserver.steps(Observer.all(Observer.of(listener))))
        .isSameAs(Observer.NONE);
    assertThat(CompositeObserver.steps(Observer.of(listener))).isSameAs(Observer.NONE);
    assertThat(CompositeObserver.steps(Observer.NONE)).isSameAs(Observer.NONE);
  }

  @Test
  void theStepsOfACompositeKeepItsOtherObserversGuarded() {
    Observer real =
        new Observer() {
          @Override
          public CallObservation callStarted(dev.majordomo.observation.CallStart call) {
            throw new IllegalStateException("an observer's fault");
          }
        };
    Observer both = Observer.all(Observer.of(event -> {}), real);

    Observer steps = CompositeObserver.steps(both);

    assertThat(steps).isInstanceOf(CompositeObserver.class).isNotSameAs(Observer.NONE);
    assertThat(steps.toString()).doesNotContain("Observer.of(");
    // still guarded: the observer's fault never reaches the call
    assertThat(CallObservations.start(steps, TestTools.class, PLAN, null, false))
        .isSameAs(CallObservation.NONE);
  }
}
