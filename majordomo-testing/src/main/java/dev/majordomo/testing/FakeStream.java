package dev.majordomo.testing;

import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** A scripted stream; it tells its provider when it is released (closed, ended or failed). */
final class FakeStream implements ResponseStream {
  private final FakeProvider provider;
  private final Target target;
  private final List<StreamEvent> events;
  private final int failAfter;
  private final Function<Target, RuntimeException> error;
  private int position;
  private boolean released;

  FakeStream(
      FakeProvider provider,
      Target target,
      List<StreamEvent> events,
      int failAfter,
      Function<Target, RuntimeException> error) {
    this.provider = provider;
    this.target = target;
    this.events = events;
    this.failAfter = failAfter;
    this.error = error;
    provider.streamOpened();
  }

  @Override
  public boolean hasNext() {
    if (released) {
      return false;
    }
    if (error != null && position == failAfter) {
      release();
      throw error.apply(target);
    }
    if (position < events.size()) {
      return true;
    }
    release();
    return false;
  }

  @Override
  public StreamEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the fake stream of " + target + " has ended");
    }
    return events.get(position++);
  }

  @Override
  public void close() {
    release();
  }

  private void release() {
    if (!released) {
      released = true;
      provider.streamReleased();
    }
  }

  @Override
  public String toString() {
    return "FakeStream[" + target + ", " + position + "/" + events.size() + " events]";
  }
}
