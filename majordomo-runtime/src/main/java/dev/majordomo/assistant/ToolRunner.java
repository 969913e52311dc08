package dev.majordomo.assistant;

import dev.majordomo.llm.Part;
import dev.majordomo.llm.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

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
    if (calls.size() == 1) {
      return List.of(toolbox.execute(calls.get(0)));
    }
    List<Task> tasks = new ArrayList<>(calls.size());
    for (Part.ToolCall call : calls) {
      tasks.add(new Task(toolbox, call));
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
        results.add(task.result.get());
      }
    } catch (InterruptedException e) {
      tasks.forEach(Task::interrupt);
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

  /** One call, run by whichever thread claims it first. */
  private static final class Task implements Runnable {
    private final Toolbox toolbox;
    private final Part.ToolCall call;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<Part.ToolResult> result = new CompletableFuture<>();
    private volatile Thread runner;

    Task(Toolbox toolbox, Part.ToolCall call) {
      this.toolbox = toolbox;
      this.call = call;
    }

    @Override
    public void run() {
      if (!claimed.compareAndSet(false, true)) {
        return;
      }
      runner = Thread.currentThread();
      try {
        result.complete(toolbox.execute(call));
      } catch (RuntimeException | Error e) {
        // Toolbox.execute only lets VM errors through; hand them to the caller
        result.completeExceptionally(e);
      } finally {
        runner = null;
      }
    }

    void interrupt() {
      Thread t = runner;
      if (t != null && t != Thread.currentThread()) {
        t.interrupt();
      }
    }
  }
}
