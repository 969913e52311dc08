package dev.majordomo.internal.assistant;

import dev.majordomo.llm.Part;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.observation.ToolObservation;
import dev.majordomo.observation.ToolStart;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs the tool calls of one reply. Several calls run concurrently: all but the first go to the
 * executor, the calling thread runs the first and then takes back any call no executor thread has
 * started yet. So a busy or bounded executor (even the one the call itself runs on) slows the calls
 * down but can never deadlock them.
 */
final class ToolRunner {
  private ToolRunner() {}

  /**
   * The results, in the order of {@code calls}. Never throws for a failing tool.
   *
   * @throws InterruptedException when the calling thread is interrupted while waiting for calls
   *     running on other threads (they are interrupted too)
   */
  static List<Part.ToolResult> runAll(Toolbox toolbox, List<Part.ToolCall> calls, Executor executor)
      throws InterruptedException {
    return runAll(toolbox, calls, executor, Observer.NONE);
  }

  /**
   * {@link #runAll(Toolbox, List, Executor)} telling {@code observer} of each execution, on the
   * thread that runs it, in the context of the calling thread (restored on pool threads).
   */
  static List<Part.ToolResult> runAll(
      Toolbox toolbox, List<Part.ToolCall> calls, Executor executor, Observer observer)
      throws InterruptedException {
    if (calls.size() == 1) {
      return List.of(execute(toolbox, calls.get(0), observer));
    }
    ContextSnapshot context = observer.captureContext();
    List<Task> tasks = new ArrayList<>(calls.size());
    for (Part.ToolCall call : calls) {
      tasks.add(new Task(toolbox, call, observer, context));
    }
    for (int i = 1; i < tasks.size(); i++) {
      try {
        executor.execute(tasks.get(i));
      } catch (RejectedExecutionException e) {
        // the calling thread runs it below
      }
    }
    for (Task task : tasks) {
      task.run();
    }
    List<Part.ToolResult> results = new ArrayList<>(tasks.size());
    try {
      for (Task task : tasks) {
        results.add(task.get());
      }
    } catch (InterruptedException e) {
      // FutureTask.cancel interrupts the thread only while it still runs this very call; reading
      // a "runner" field and interrupting it later could hit whatever that pool thread runs next.
      tasks.forEach(Task::cancel);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw (RuntimeException) cause;
    }
    return results;
  }

  /** Runs one call, observed: its observation is entered while the tool runs. */
  @SuppressWarnings("try") // the observation's scope is entered for what runs inside it
  private static Part.ToolResult execute(Toolbox toolbox, Part.ToolCall call, Observer observer) {
    if (observer == Observer.NONE) {
      return toolbox.execute(call);
    }
    ToolObservation observation =
        observer.toolStarted(new ToolStart(call.name(), call.id(), call.argumentsJson()));
    Part.ToolResult result;
    try (Observation.Scope entered = observation.enter()) {
      result = toolbox.execute(call);
    } catch (RuntimeException | Error e) {
      observation.failed(e);
      throw e;
    }
    observation.finished(result);
    return result;
  }

  /**
   * One call, run by whichever thread claims it first ({@link FutureTask#run} runs it at most once;
   * a second {@code run}, by the caller taking it back or by a late pool thread, is a no-op).
   */
  private static final class Task implements Runnable {
    // Toolbox.execute lets only VM errors through; get() hands them to the caller.
    private final FutureTask<Part.ToolResult> future;
    private volatile Thread ranOn;

    @SuppressWarnings("try") // the context is restored for what runs inside it
    Task(Toolbox toolbox, Part.ToolCall call, Observer observer, ContextSnapshot context) {
      this.future =
          new FutureTask<>(
              () -> {
                ranOn = Thread.currentThread();
                try (Observation.Scope restored = context.restore()) {
                  return execute(toolbox, call, observer);
                }
              });
    }

    @Override
    public void run() {
      future.run();
      if (ranOn == Thread.currentThread() && future.isCancelled()) {
        // The cancel's interrupt reached this thread while it ran the call (FutureTask delivers it
        // before run returns, even when the tool had just finished) and stays set: Toolbox even
        // sets it again after a tool's InterruptedException. Clear it, so that the next task of
        // this pool thread does not inherit it. (ThreadPoolExecutor clears it too; a plain
        // Executor need not.)
        Thread.interrupted();
      }
    }

    Part.ToolResult get() throws InterruptedException, ExecutionException {
      return future.get();
    }

    /** Interrupts the call only if it is still running, and only on the thread running it. */
    void cancel() {
      future.cancel(true);
    }
  }
}
