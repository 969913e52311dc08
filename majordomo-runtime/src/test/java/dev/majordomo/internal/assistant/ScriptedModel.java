package dev.majordomo.internal.assistant;

import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/** A hand-written model for tests: scripted replies and streams, every request recorded. */
final class ScriptedModel implements Model {
  private final Deque<Function<Request, Response>> replies = new ConcurrentLinkedDeque<>();
  private final Deque<ScriptedStream> streams = new ConcurrentLinkedDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<ScriptedStream> opened = Collections.synchronizedList(new ArrayList<>());

  ScriptedModel reply(String text) {
    return reply(Response.ofText(text));
  }

  ScriptedModel reply(String text, Usage usage) {
    return reply(new Response(Message.assistant(text), usage, FinishReason.STOP, null, List.of()));
  }

  ScriptedModel reply(Response response) {
    replies.add(r -> response);
    return this;
  }

  ScriptedModel replyWith(Function<Request, Response> answer) {
    replies.add(answer);
    return this;
  }

  ScriptedModel replyToolCalls(Part.ToolCall... calls) {
    return replyToolCalls(Usage.NONE, calls);
  }

  ScriptedModel replyToolCalls(Usage usage, Part.ToolCall... calls) {
    return reply(
        new Response(
            Message.assistant(List.of(calls)), usage, FinishReason.TOOL_CALLS, null, List.of()));
  }

  ScriptedModel stream(StreamEvent... events) {
    streams.add(new ScriptedStream(List.of(events)));
    return this;
  }

  static Part.ToolCall call(String id, String name, String args) {
    return new Part.ToolCall(id, name, args);
  }

  @Override
  public Response call(Request request) {
    requests.add(request);
    Function<Request, Response> next = replies.poll();
    if (next == null) {
      throw new AssertionError("no reply scripted for request " + requests.size());
    }
    return next.apply(request);
  }

  @Override
  public ResponseStream stream(Request request) {
    requests.add(request);
    ScriptedStream next = streams.poll();
    if (next == null) {
      throw new AssertionError("no stream scripted for request " + requests.size());
    }
    opened.add(next);
    return next;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Request lastRequest() {
    return requests.get(requests.size() - 1);
  }

  /** The streams handed out so far, in order. */
  List<ScriptedStream> openedStreams() {
    return List.copyOf(opened);
  }

  /** A stream over fixed events that records whether it was closed. */
  static final class ScriptedStream implements ResponseStream {
    private final List<StreamEvent> events;
    private int index;
    private volatile boolean closed;

    ScriptedStream(List<StreamEvent> events) {
      this.events = events;
    }

    @Override
    public boolean hasNext() {
      return !closed && index < events.size();
    }

    @Override
    public StreamEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return events.get(index++);
    }

    @Override
    public void close() {
      closed = true;
    }

    boolean closed() {
      return closed;
    }

    int consumed() {
      return index;
    }
  }
}
