package dev.majordomo.observation;

import dev.majordomo.chain.ChainEvent;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An observer that keeps a context the way OpenTelemetry does (a thread-local "current"
 * observation, made current by {@code enter()}, carried by {@code captureContext()}) and records
 * every step as a line naming its parent, the thread it ran on being implied by the parent: a step
 * that started on a thread where the context was not carried has parent {@code -}.
 */
public final class RecordingObserver implements Observer {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<Object> ends = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();

  /** Every line, in order. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The lines that start with {@code prefix}, in order. */
  public List<String> lines(String prefix) {
    return lines().stream().filter(l -> l.startsWith(prefix)).toList();
  }

  /** What each end was given (a Response, a Throwable, a ToolResult, a Usage), in order. */
  public List<Object> ends() {
    synchronized (ends) {
      return List.copyOf(ends);
    }
  }

  /** Runs {@code body} with {@code name} as this thread's current context (a caller's span). */
  public static void inContext(String name, Runnable body) {
    String before = CURRENT.get();
    CURRENT.set(name);
    try {
      body.run();
    } finally {
      CURRENT.set(before);
    }
  }

  /** This thread's current context, {@code -} for none. */
  public static String current() {
    String c = CURRENT.get();
    return c == null ? "-" : c;
  }

  private Observation.Scope make(String name) {
    String before = CURRENT.get();
    CURRENT.set(name);
    return () -> CURRENT.set(before);
  }

  @Override
  public CallObservation callStarted(CallStart call) {
    String name = "call#" + ids.incrementAndGet();
    lines.add(
        "call "
            + call.qualifiedName()
            + (call.stream() ? " stream" : "")
            + (call.conversationId() != null ? " conversation=" + call.conversationId() : "")
            + " parent="
            + current());
    return new CallObservation() {
      @Override
      public Scope enter() {
        return make(name);
      }

      @Override
      public void succeeded(Usage usage, Target answeredBy) {
        lines.add("call ok " + call.qualifiedName() + " in=" + usage.inputTokens());
        ends.add(usage);
      }

      @Override
      public void failed(Throwable error) {
        lines.add("call failed " + call.qualifiedName() + " " + error.getClass().getSimpleName());
        ends.add(error);
      }
    };
  }

  @Override
  public AttemptObservation attemptStarted(AttemptStart attempt) {
    String name = "attempt#" + ids.incrementAndGet();
    String what = attempt.target().modelId() + "#" + attempt.attempt();
    lines.add(
        "attempt "
            + what
            + (attempt.stream() ? " stream" : "")
            + " parent="
            + current().replaceAll("#\\d+", ""));
    return new AttemptObservation() {
      @Override
      public Scope enter() {
        return make(name);
      }

      @Override
      public void firstChunk(Duration elapsed) {
        lines.add("attempt first-chunk " + what + " " + elapsed.toMillis() + "ms");
      }

      @Override
      public void succeeded(Response response, Duration elapsed) {
        lines.add("attempt ok " + what + " " + elapsed.toMillis() + "ms");
        ends.add(response);
      }

      @Override
      public void failed(ErrorKind kind, Throwable error, Duration elapsed) {
        lines.add("attempt failed " + what + " " + kind + " " + elapsed.toMillis() + "ms");
        ends.add(error);
      }
    };
  }

  @Override
  public ToolObservation toolStarted(ToolStart tool) {
    String name = "tool#" + ids.incrementAndGet();
    lines.add(
        "tool "
            + tool.name()
            + " "
            + tool.callId()
            + " parent="
            + current().replaceAll("#\\d+", ""));
    return new ToolObservation() {
      @Override
      public Scope enter() {
        return make(name);
      }

      @Override
      public void finished(Part.ToolResult result) {
        lines.add("tool done " + tool.name() + (result.isError() ? " error" : ""));
        ends.add(result);
      }

      @Override
      public void failed(Throwable error) {
        lines.add("tool failed " + tool.name());
        ends.add(error);
      }
    };
  }

  @Override
  public void chainEvent(ChainEvent event) {
    lines.add("event " + event.getClass().getSimpleName());
  }

  @Override
  public ContextSnapshot captureContext() {
    String captured = CURRENT.get();
    return () -> make(captured);
  }
}
