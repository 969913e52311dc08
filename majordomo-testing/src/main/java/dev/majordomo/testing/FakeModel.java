package dev.majordomo.testing;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A model opened on a {@link FakeProvider}: it plays its script's outcomes and records requests.
 */
final class FakeModel implements Model {
  private final FakeProvider provider;
  private final FakeModelScript script;
  private final Target target;
  private final TimeSource time;

  FakeModel(FakeProvider provider, FakeModelScript script, Target target, TimeSource time) {
    this.provider = provider;
    this.script = script;
    this.target = target;
    this.time = time;
  }

  @Override
  public Response call(Request request) {
    Outcome outcome = begin(request, false);
    if (outcome instanceof Outcome.Reply reply) {
      return reply.response();
    }
    if (outcome instanceof Outcome.Failure failure) {
      throw failure.error().apply(target);
    }
    Outcome.Stream stream = (Outcome.Stream) outcome;
    if (stream.error() != null) {
      throw stream.error().apply(target);
    }
    StringBuilder text = new StringBuilder();
    for (StreamEvent event : stream.events()) {
      if (event instanceof StreamEvent.TextDelta delta) {
        text.append(delta.text());
      }
    }
    return Response.ofText(text.toString());
  }

  @Override
  public ResponseStream stream(Request request) {
    Outcome outcome = begin(request, true);
    if (outcome instanceof Outcome.Failure failure) {
      throw failure.error().apply(target);
    }
    if (outcome instanceof Outcome.Reply reply) {
      return new FakeStream(provider, target, eventsOf(reply.response()), -1, null);
    }
    Outcome.Stream stream = (Outcome.Stream) outcome;
    return new FakeStream(
        provider,
        target,
        stream.events(),
        stream.error() == null ? -1 : stream.failAfter(),
        stream.error());
  }

  @Override
  public Capabilities capabilities() {
    return script.currentCapabilities();
  }

  /** Records the request, takes the next outcome and waits its scripted delay. */
  private Outcome begin(Request request, boolean streamed) {
    provider.record(new FakeRequest(script.modelId(), target, request, streamed, time.now()));
    FakeModelScript.Step step = script.take();
    Duration delay = step.delay();
    Duration timeout = request.options().timeout();
    boolean timesOut = timeout != null && delay.compareTo(timeout) > 0;
    sleep(timesOut ? timeout : delay);
    if (timesOut) {
      throw LlmException.builder(
              ErrorKind.TRANSIENT,
              "fake model '"
                  + script.modelId()
                  + "' timed out after "
                  + timeout.toMillis()
                  + " ms (scripted delay "
                  + delay.toMillis()
                  + " ms)")
          .target(target)
          .build();
    }
    return step.outcome();
  }

  private void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      time.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LlmException.builder(
              ErrorKind.CANCELLED, "fake model '" + script.modelId() + "' was interrupted")
          .target(target)
          .cause(e)
          .build();
    }
  }

  private static List<StreamEvent> eventsOf(Response response) {
    List<StreamEvent> events = new ArrayList<>();
    String text = response.text();
    if (!text.isEmpty()) {
      events.add(new StreamEvent.TextDelta(text));
    }
    for (Part.ToolCall call : response.toolCalls()) {
      events.add(new StreamEvent.ToolCallEvent(call));
    }
    if (!response.usage().equals(Usage.NONE)) {
      events.add(new StreamEvent.UsageEvent(response.usage()));
    }
    events.add(new StreamEvent.Done(response.finishReason(), response.id(), response.model()));
    return events;
  }

  @Override
  public String toString() {
    return "FakeModel[" + target + "]";
  }
}
