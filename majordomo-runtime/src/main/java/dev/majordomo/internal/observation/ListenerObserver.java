package dev.majordomo.internal.observation;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.observation.Observer;

/** A {@link ChainListener} seen as an observer: it receives the chain events, nothing else. */
public final class ListenerObserver implements Observer {
  private final ChainListener listener;

  public ListenerObserver(ChainListener listener) {
    this.listener = listener;
  }

  @Override
  public void chainEvent(ChainEvent event) {
    listener.onEvent(event);
  }

  @Override
  public String toString() {
    return "Observer.of(" + listener + ")";
  }
}
