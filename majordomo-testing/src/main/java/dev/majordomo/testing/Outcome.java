package dev.majordomo.testing;

import dev.majordomo.llm.Response;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import java.util.List;
import java.util.function.Function;

/** One scripted result of a fake model: what the next call or stream gets. */
sealed interface Outcome {

  /** A whole reply; a stream of it emits its text, its tool calls, usage and the end. */
  record Reply(Response response) implements Outcome {}

  /** An error, built for the target that throws it. */
  record Failure(Function<Target, RuntimeException> error) implements Outcome {}

  /**
   * A stream of {@code events}; when {@code error} is set, it is thrown after the first {@code
   * failAfter} events instead of the rest.
   */
  record Stream(List<StreamEvent> events, int failAfter, Function<Target, RuntimeException> error)
      implements Outcome {
    public Stream {
      events = List.copyOf(events);
    }
  }
}
