package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.TestTools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Part;
import dev.majordomo.llm.Toolbox;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {
  private static final long WAIT = 10;

  private final CountDownLatch interruptRequested = new CountDownLatch(1);
  private final CountDownLatch goAhead = new CountDownLatch(1);
  private final Worker worker = new Worker();

  @AfterEach
  void stopWorker() throws InterruptedException {
    worker.queue.add(Worker.STOP);
    worker.join(TimeUnit.SECONDS.toMillis(WAIT));
  }

  /**
   * A pool thread whose {@code interrupt()} holds the interrupter until the test lets it go, so the
   * test decides when an interrupt lands. Its loop, like any plain {@link Executor}, does not clear
   * the interrupt status between tasks.
   */
  private final class Worker extends Thread implements Executor {
    static final Runnable STOP = () -> {};
    final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    Worker() {
      super("tool-runner-test-worker");
      setDaemon(true);
    }

    @Override
    public void execute(Runnable task) {
      queue.add(task);
    }

    @Override
    public void run() {
      while (true) {
        // Waiting for work keeps the interrupt status for the next task (take() would swallow it).
        Runnable task = null;
        boolean interrupted = false;
        while (task == null) {
          try {
            task = queue.take();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          super.interrupt();
        }
        if (task == STOP) {
          return;
        }
        task.run();
      }
    }

    @Override
    public void interrupt() {
      if (Thread.currentThread() != this) {
        interruptRequested.countDown();
        await(goAhead);
      }
      super.interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out waiting for a latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }

  @Test
  void cancellingNeverInterruptsTheTaskAPoolThreadRunsNext() throws Exception {
    worker.start();
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondRelease = new CountDownLatch(1);
    CountDownLatch secondReturning = new CountDownLatch(1);
    Toolbox tools =
        Toolbox.of(
            // runs on the calling thread: it waits until the worker has claimed "second"
            tool(
                "first",
                args -> {
                  await(secondStarted);
                  return "first";
                }),
            tool(
                "second",
                args -> {
                  secondStarted.countDown();
                  await(secondRelease);
                  secondReturning.countDown();
                  return "second";
                }));
    List<Part.ToolCall> calls =
        List.of(new Part.ToolCall("1", "first", "{}"), new Part.ToolCall("2", "second", "{}"));

    AtomicReference<Throwable> callerOutcome = new AtomicReference<>();
    CountDownLatch callerDone = new CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              try {
                ToolRunner.runAll(tools, calls, worker);
                callerOutcome.set(new AssertionError("runAll returned"));
              } catch (Throwable t) {
                callerOutcome.set(t);
              } finally {
                callerDone.countDown();
              }
            },
            "tool-runner-test-caller");
    caller.setDaemon(true);
    caller.start();

    // The pool thread's next, unrelated task: it must never see the tool call's cancellation.
    CountDownLatch unrelatedStarted = new CountDownLatch(1);
    CountDownLatch checkNow = new CountDownLatch(1);
    CountDownLatch unrelatedDone = new CountDownLatch(1);
    AtomicBoolean strayInterrupt = new AtomicBoolean();
    await(secondStarted);
    worker.execute(
        () -> {
          unrelatedStarted.countDown();
          try {
            strayInterrupt.set(!checkNow.await(WAIT, TimeUnit.SECONDS));
          } catch (InterruptedException e) {
            strayInterrupt.set(true);
          } finally {
            unrelatedDone.countDown();
          }
        });

    // The caller is interrupted while it waits for "second": it cancels the call on the worker,
    // and that interrupt is held until "second" has finished its work.
    caller.interrupt();
    await(interruptRequested);
    secondRelease.countDown();
    await(secondReturning);
    goAhead.countDown();

    await(callerDone);
    assertThat(callerOutcome.get()).isInstanceOf(InterruptedException.class);
    await(unrelatedStarted);
    checkNow.countDown();
    await(unrelatedDone);
    assertThat(strayInterrupt.get())
        .as("the unrelated task that the pool thread ran next was interrupted")
        .isFalse();
  }

  @Test
  void aToolInterruptedByTheCancelIsInterruptedAndLeavesThePoolThreadClean() throws Exception {
    goAhead.countDown(); // interrupts land at once here
    worker.start();
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondInterrupted = new CountDownLatch(1);
    Toolbox tools =
        Toolbox.of(
            tool(
                "first",
                args -> {
                  await(secondStarted);
                  return "first";
                }),
            tool(
                "second",
                args -> {
                  secondStarted.countDown();
                  try {
                    new CountDownLatch(1).await(WAIT, TimeUnit.SECONDS);
                    return "never interrupted";
                  } catch (InterruptedException e) {
                    secondInterrupted.countDown();
                    throw e; // Toolbox turns it into a result and sets the flag again
                  }
                }));
    List<Part.ToolCall> calls =
        List.of(new Part.ToolCall("1", "first", "{}"), new Part.ToolCall("2", "second", "{}"));
    AtomicReference<Throwable> callerOutcome = new AtomicReference<>();
    CountDownLatch callerDone = new CountDownLatch(1);
    Thread caller =
        new Thread(
            () -> {
              try {
                ToolRunner.runAll(tools, calls, worker);
              } catch (Throwable t) {
                callerOutcome.set(t);
              } finally {
                callerDone.countDown();
              }
            });
    caller.setDaemon(true);
    caller.start();
    await(secondStarted);
    AtomicBoolean nextSawInterrupt = new AtomicBoolean(true);
    CountDownLatch nextDone = new CountDownLatch(1);
    worker.execute(
        () -> {
          nextSawInterrupt.set(Thread.currentThread().isInterrupted());
          nextDone.countDown();
        });

    caller.interrupt();

    await(callerDone);
    assertThat(callerOutcome.get()).isInstanceOf(InterruptedException.class);
    await(secondInterrupted);
    await(nextDone);
    assertThat(nextSawInterrupt.get()).as("the pool thread's next task saw an interrupt").isFalse();
  }
}
