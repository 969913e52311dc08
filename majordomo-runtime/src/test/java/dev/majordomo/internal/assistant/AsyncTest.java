package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.TestTools.plan;
import static dev.majordomo.internal.assistant.TestTools.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.MajordomoException;
import dev.majordomo.Reply;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Toolbox;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncTest {
  private final ScriptedModel model = new ScriptedModel();

  @Test
  void completesOnTheSharedDaemonPool() throws Exception {
    List<Thread> callers = new CopyOnWriteArrayList<>();
    model.replyWith(
        r -> {
          callers.add(Thread.currentThread());
          return dev.majordomo.llm.Response.ofText("async hello");
        });

    Reply<String> reply =
        runtime(model)
            .callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT)
            .get(10, TimeUnit.SECONDS);

    assertThat(reply.value()).isEqualTo("async hello");
    assertThat(callers).hasSize(1);
    assertThat(callers.get(0)).isNotSameAs(Thread.currentThread());
    assertThat(callers.get(0).isDaemon()).isTrue();
    assertThat(callers.get(0).getName()).startsWith("majordomo-");
  }

  @Test
  void runsOnTheGivenExecutor() throws Exception {
    List<Runnable> submitted = new CopyOnWriteArrayList<>();
    Executor recording =
        task -> {
          submitted.add(task);
          task.run();
        };
    model.reply("x");
    AssistantRuntime runtime = new AssistantRuntime(AsyncTest.class, c -> model, null, recording);

    CompletableFuture<Reply<String>> future =
        runtime.callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(future).isCompleted();
    assertThat(future.get().value()).isEqualTo("x");
    assertThat(submitted).hasSize(1);
  }

  @Test
  void failuresCompleteTheFutureExceptionally() {
    LlmException down = LlmException.http(503, null, "overloaded");
    model.replyWith(
        r -> {
          throw down;
        });

    CompletableFuture<Reply<String>> future =
        runtime(model)
            .callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(down);
  }

  /** A model that blocks like an HTTP call until its thread is interrupted (or a guard expires). */
  private void scriptBlockingCall(CountDownLatch started, CountDownLatch interrupted) {
    model.replyWith(
        r -> {
          started.countDown();
          try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw LlmException.builder(ErrorKind.CANCELLED, "interrupted").build();
          }
          return dev.majordomo.llm.Response.ofText("too late");
        });
  }

  @Test
  void cancellingTheFutureInterruptsTheCall() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    scriptBlockingCall(started, interrupted);

    CompletableFuture<Reply<String>> future =
        runtime(model)
            .callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(future.cancel(true)).isTrue();

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(future).isCancelled();
  }

  @Test
  void cancellingADerivedFutureAlsoInterruptsTheCall() throws Exception {
    // generated code returns callAsync(..).thenApply(Reply::value) for CompletableFuture<T>
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    scriptBlockingCall(started, interrupted);

    CompletableFuture<Reply<String>> call =
        runtime(model)
            .callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);
    CompletableFuture<String> value = call.thenApply(Reply::value);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(value.cancel(true)).isTrue();

    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(value).isCancelled();
    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  @Test
  void aFutureCancelledBeforeItsTurnNeverCalls() {
    List<Runnable> queued = new CopyOnWriteArrayList<>();
    AssistantRuntime runtime = new AssistantRuntime(AsyncTest.class, c -> model, null, queued::add);

    CompletableFuture<Reply<String>> future =
        runtime.callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);
    future.cancel(true);
    queued.forEach(Runnable::run);

    assertThat(future).isCancelled();
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void aRejectingExecutorFailsTheFuture() {
    Executor full =
        task -> {
          throw new RejectedExecutionException("queue full");
        };
    AssistantRuntime runtime = new AssistantRuntime(AsyncTest.class, c -> model, null, full);

    CompletableFuture<Reply<String>> future =
        runtime.callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(future).isCompletedExceptionally();
    assertThatThrownBy(future::join)
        .cause()
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining("Agent.ask: the executor rejected the call");
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void aCancelThatLandsAsTheCallEndsLeavesNoInterruptForTheExecutorsNextTask() throws Exception {
    // A plain Executor (not a ThreadPoolExecutor, which clears interrupts between tasks): the test
    // runs the submitted task on a worker of its own and looks at that worker afterwards.
    List<Runnable> submitted = new CopyOnWriteArrayList<>();
    AssistantRuntime runtime =
        new AssistantRuntime(AsyncTest.class, c -> model, null, submitted::add);
    AtomicReference<CompletableFuture<Reply<String>>> future = new AtomicReference<>();
    model.replyWith(
        r -> {
          // The caller cancels just as the model answers: FutureTask interrupts this worker and
          // leaves the interrupt set when run() returns.
          future.get().cancel(true);
          return dev.majordomo.llm.Response.ofText("just in time");
        });
    future.set(
        runtime.callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT));
    assertThat(submitted).hasSize(1);

    AtomicBoolean nextTaskInterrupted = new AtomicBoolean(true);
    Thread worker =
        new Thread(
            () -> {
              submitted.get(0).run();
              // the executor's next, unrelated task would start here
              nextTaskInterrupted.set(Thread.currentThread().isInterrupted());
            });
    worker.start();
    worker.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(worker.isAlive()).isFalse();
    assertThat(future.get()).isCancelled();
    assertThat(nextTaskInterrupted).as("the worker's interrupt status after the call").isFalse();
  }
}
