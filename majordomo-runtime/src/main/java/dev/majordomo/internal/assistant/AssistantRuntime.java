package dev.majordomo.internal.assistant;

import dev.majordomo.Limits;
import dev.majordomo.MajordomoException;
import dev.majordomo.Reply;
import dev.majordomo.StructuredOutputException;
import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.internal.observation.CompositeObserver;
import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.memory.Turn;
import dev.majordomo.observation.CallObservation;
import dev.majordomo.observation.ContextSnapshot;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What a generated assistant calls: it resolves the method's chain, runs the tool loop, decodes the
 * reply, and streams. For generated code; one instance per assistant, built by {@code
 * dev.majordomo.Assistants}. Thread-safe: one assistant may serve many calls at once.
 */
public final class AssistantRuntime {
  private final Class<?> assistant;
  private final Function<String, ? extends Model> chains;
  private final List<Object> toolInstances;
  private final Executor executor;
  private final Limits limits;
  private final ConversationMemory memory;
  private final Observer observer;
  private final ToolSources toolSources;
  private final Map<String, Model> resolved = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> constructedTools = new HashMap<>();

  /**
   * Builds the runtime of one assistant. {@code dev.majordomo.Assistants} calls this; a test of
   * generated code may call it with a function that maps every chain to a test model.
   *
   * @param assistant the assistant interface, for messages
   * @param chains resolves a chain string (e.g. {@code "fast,thinking"}) to the model that runs it;
   *     its results are cached per chain string
   * @param toolInstances tool objects the user supplied, used instead of constructing tool classes
   * @param executor runs {@link #callAsync} and concurrent tool calls; {@code null} for a shared
   *     pool of daemon threads
   */
  public AssistantRuntime(
      Class<?> assistant,
      Function<String, ? extends Model> chains,
      Collection<?> toolInstances,
      Executor executor) {
    this(assistant, chains, toolInstances, executor, Limits.DEFAULTS);
  }

  /**
   * {@link #AssistantRuntime(Class, Function, Collection, Executor)} with the registry's limits on
   * tool rounds and tool output.
   */
  public AssistantRuntime(
      Class<?> assistant,
      Function<String, ? extends Model> chains,
      Collection<?> toolInstances,
      Executor executor,
      Limits limits) {
    this(assistant, chains, toolInstances, executor, limits, null);
  }

  /**
   * {@link #AssistantRuntime(Class, Function, Collection, Executor, Limits)} keeping its
   * conversations in {@code memory}; {@code null} for a store of its own in this process's memory,
   * created on first use, with {@link dev.majordomo.memory.MemoryPolicy#DEFAULT} and the
   * interface's binary name as namespace.
   */
  public AssistantRuntime(
      Class<?> assistant,
      Function<String, ? extends Model> chains,
      Collection<?> toolInstances,
      Executor executor,
      Limits limits,
      ConversationMemory memory) {
    this(assistant, chains, toolInstances, executor, limits, memory, Observer.NONE);
  }

  /**
   * {@link #AssistantRuntime(Class, Function, Collection, Executor, Limits, ConversationMemory)}
   * telling {@code observer} of every call and tool execution (the chains tell it of attempts on
   * their own). An observer that throws is logged and ignored.
   */
  public AssistantRuntime(
      Class<?> assistant,
      Function<String, ? extends Model> chains,
      Collection<?> toolInstances,
      Executor executor,
      Limits limits,
      ConversationMemory memory,
      Observer observer) {
    this(assistant, chains, toolInstances, executor, limits, memory, observer, ToolSources.NONE);
  }

  /**
   * {@link #AssistantRuntime(Class, Function, Collection, Executor, Limits, ConversationMemory,
   * Observer)} whose methods may use the tool sources {@code toolSources}.
   */
  public AssistantRuntime(
      Class<?> assistant,
      Function<String, ? extends Model> chains,
      Collection<?> toolInstances,
      Executor executor,
      Limits limits,
      ConversationMemory memory,
      Observer observer,
      ToolSources toolSources) {
    this.toolSources = Objects.requireNonNull(toolSources, "toolSources");
    this.assistant = Objects.requireNonNull(assistant, "assistant");
    this.chains = Objects.requireNonNull(chains, "chains");
    this.toolInstances = List.copyOf(toolInstances == null ? List.of() : toolInstances);
    this.executor = executor == null ? SharedPool.EXECUTOR : executor;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = memory == null ? ConversationMemory.standalone(assistant) : memory;
    // The runtime tells of calls and tools, never of chain events: a listener is not its observer.
    this.observer = CompositeObserver.steps(Objects.requireNonNull(observer, "observer"));
  }

  /**
   * The instance of a tool class: the one given to {@code Assistants.builder(..).tools(..)} if any,
   * else one built with {@code constructor} (once per assistant).
   *
   * @param constructor the class's public no-argument constructor, or {@code null} when it has none
   * @throws MajordomoException when no instance was given and the class cannot be constructed
   */
  public <T> T toolInstance(Class<T> type, Supplier<T> constructor) {
    Objects.requireNonNull(type, "type");
    T given = givenInstance(type);
    if (given != null) {
      return given;
    }
    synchronized (constructedTools) {
      Object existing = constructedTools.get(type);
      if (existing != null) {
        return type.cast(existing);
      }
      if (constructor == null) {
        throw new MajordomoException(
            "Tool class "
                + type.getName()
                + " of "
                + assistant.getName()
                + " has no public no-argument constructor, so Majordomo cannot create it. Pass an"
                + " instance: Assistants.builder("
                + assistant.getSimpleName()
                + ".class).tools(new "
                + type.getSimpleName()
                + "(...)).build()");
      }
      T made;
      try {
        made = constructor.get();
      } catch (RuntimeException | LinkageError e) {
        throw new MajordomoException(
            "Could not create tool class "
                + type.getName()
                + " of "
                + assistant.getName()
                + ": "
                + e
                + ". Pass an instance with Assistants.builder(..).tools(..) instead.",
            e);
      }
      constructedTools.put(type, Objects.requireNonNull(made, "tool constructor returned null"));
      return made;
    }
  }

  /**
   * Checks, once when the assistant is created, that every tool source {@code plans} name is known.
   * Generated constructors call it for the methods with {@code @Llm(toolSources)}.
   *
   * @throws dev.majordomo.ToolSourceException naming the method, the missing source and the known
   *     ones
   */
  public void requireToolSources(MethodPlan... plans) {
    toolSources.require(plans);
  }

  /**
   * Closes the tool sources given to the assistant's builder (not the registry's); idempotent. The
   * generated {@code close()} of an assistant interface that extends {@link AutoCloseable} calls
   * it.
   */
  public void close() {
    toolSources.closeOwned();
  }

  private <T> T givenInstance(Class<T> type) {
    T exact = null;
    List<Object> assignable = new ArrayList<>();
    for (Object o : toolInstances) {
      if (o.getClass() == type) {
        if (exact != null && exact != o) {
          throw ambiguous(type, List.of(exact, o));
        }
        exact = type.cast(o);
      } else if (type.isInstance(o)) {
        assignable.add(o);
      }
    }
    if (exact != null) {
      return exact;
    }
    if (assignable.size() > 1) {
      throw ambiguous(type, assignable);
    }
    return assignable.isEmpty() ? null : type.cast(assignable.get(0));
  }

  private MajordomoException ambiguous(Class<?> type, List<Object> candidates) {
    return new MajordomoException(
        assistant.getSimpleName()
            + ": "
            + candidates.size()
            + " tool instances given to the builder are a "
            + type.getName()
            + " ("
            + String.join(", ", candidates.stream().map(c -> c.getClass().getName()).toList())
            + "); pass only one");
  }

  /**
   * Calls the model: runs the tool loop until the model answers, then decodes the answer, retrying
   * once with the decoding error shown to the model. A method that keeps a conversation first waits
   * for the conversation's previous call to end, sends its history, and on success stores the
   * call's turn.
   *
   * @throws ToolRoundsExceededException when the model keeps asking for tools
   * @throws StructuredOutputException when the answer does not decode even after the retry
   * @throws IllegalArgumentException when the conversation id is {@code null} or of a type an id
   *     cannot have
   */
  @SuppressWarnings("try") // the observation's scope is entered for what runs inside it
  public <T> Reply<T> call(
      MethodPlan plan, Toolbox toolbox, CallPrompt prompt, ReplyDecoder<T> decoder) {
    Conversation conversation = Conversation.of(memory, plan, prompt);
    CallObservation observation =
        CallObservations.start(observer, assistant, plan, conversation, false);
    try (Observation.Scope entered = observation.enter()) {
      Reply<T> reply = call(plan, toolbox, prompt, decoder, conversation);
      observation.succeeded(reply.usage(), reply.answeredBy());
      return reply;
    } catch (RuntimeException | Error e) {
      observation.failed(e);
      throw e;
    }
  }

  private <T> Reply<T> call(
      MethodPlan plan,
      Toolbox toolbox,
      CallPrompt prompt,
      ReplyDecoder<T> decoder,
      Conversation conversation) {
    if (conversation == null) {
      return run(plan, toolbox, prompt, decoder, List.of(), null);
    }
    try {
      return run(plan, toolbox, prompt, decoder, conversation.begin(), conversation);
    } finally {
      conversation.abandon();
    }
  }

  private <T> Reply<T> run(
      MethodPlan plan,
      Toolbox toolbox,
      CallPrompt prompt,
      ReplyDecoder<T> decoder,
      List<Message> history,
      Conversation conversation) {
    ToolLoop loop = newLoop(plan, toolbox, prompt, history);
    Response response = loop.run();
    String text = response.text();
    T value;
    try {
      value = decoder.decode(text);
    } catch (Exception first) {
      if (!response.message().parts().isEmpty()) {
        // an empty assistant turn is refused by some providers; the repair prompt says enough
        loop.append(response.message());
      }
      loop.append(Message.user(repairPrompt(plan, first)));
      Response retried = loop.run();
      String retriedText = retried.text();
      try {
        value = decoder.decode(retriedText);
      } catch (Exception second) {
        StructuredOutputException failure =
            new StructuredOutputException(
                failureMessage(plan, second, retriedText), retriedText, second);
        failure.addSuppressed(first);
        throw failure;
      }
      response = retried;
    }
    if (conversation != null) {
      conversation.finish(loop.turn(response.message()));
    }
    return new Reply<>(
        value,
        loop.usage(),
        loop.answeredBy(),
        loop.attempts(),
        loop.invocations(),
        loop.reasoning(response.message()));
  }

  /**
   * {@link #call} on the executor. Cancelling the returned future, or a future derived from it
   * (such as {@code thenApply(Reply::value)}), cancels the call: the HTTP call in flight is
   * cancelled (its connection closed at once), a backoff wait ends, a running tool sees an
   * interrupt, and no further round or attempt starts.
   */
  @SuppressWarnings("try") // the scopes are entered for what runs inside them
  public <T> CompletableFuture<Reply<T>> callAsync(
      MethodPlan plan, Toolbox toolbox, CallPrompt prompt, ReplyDecoder<T> decoder) {
    // A wrong conversation id is the caller's mistake: reported now, not through the future.
    Conversation conversation = Conversation.of(memory, plan, prompt);
    // Started on the caller's thread, in the caller's context, which the worker then restores.
    CallObservation observation =
        CallObservations.start(observer, assistant, plan, conversation, false);
    ContextSnapshot context = observer.captureContext();
    // The interrupt stops a running tool and the tool loop; the cancellation stops what an
    // interrupt cannot: a socket read of the HTTP call in flight, and a backoff wait.
    Cancellation cancellation = new Cancellation();
    FutureTask<Reply<T>> task =
        new FutureTask<>(
            () -> {
              Cancellation.Registration scope = cancellation.enter();
              try (Observation.Scope restored = context.restore();
                  Observation.Scope entered = observation.enter()) {
                Reply<T> reply = call(plan, toolbox, prompt, decoder, conversation);
                observation.succeeded(reply.usage(), reply.answeredBy());
                return reply;
              } catch (RuntimeException | Error e) {
                observation.failed(e);
                throw e;
              } finally {
                scope.close();
              }
            });
    CompletableFuture<Reply<T>> future =
        new CancellingFuture<>(
            () -> {
              // The call ends for its caller now, even if a queued task never runs.
              observation.failed(new CancellationException("the call was cancelled"));
              cancellation.cancel();
              task.cancel(true);
            });
    Runnable run =
        () -> {
          // On a caller-runs executor the thread may carry an interrupt of its own: keep that one.
          boolean interruptedBefore = Thread.currentThread().isInterrupted();
          task.run();
          if (task.isCancelled() && !interruptedBefore) {
            // cancel(true) interrupts the worker even as the call ends, and FutureTask leaves that
            // interrupt set: clear it, or the executor's next, unrelated task inherits it (a
            // ThreadPoolExecutor clears it between tasks; a plain Executor need not).
            Thread.interrupted();
          }
          try {
            future.complete(task.get());
          } catch (ExecutionException e) {
            future.completeExceptionally(e.getCause());
          } catch (CancellationException e) {
            // cancelled through this future or one derived from it: this one ends cancelled too
            future.cancel(false);
          } catch (InterruptedException e) {
            // not reached: the task is done, so get() does not wait
            Thread.currentThread().interrupt();
          }
        };
    try {
      executor.execute(run);
    } catch (RejectedExecutionException e) {
      MajordomoException rejected =
          new MajordomoException(plan.qualifiedName() + ": the executor rejected the call", e);
      observation.failed(rejected);
      future.completeExceptionally(rejected);
    } catch (RuntimeException | Error e) {
      // An executor that fails otherwise: the caller sees its error, the call still ends.
      observation.failed(e);
      throw e;
    }
    return future;
  }

  /**
   * The reply's text as it arrives. Nothing is sent until the stream is consumed. Tool calls in a
   * streamed reply are run and the next round is streamed in turn, so the stream holds only text.
   * Close the stream (try-with-resources) to cancel the call. A method that keeps a conversation
   * waits for the conversation's previous call when the stream opens, and stores the call's turn
   * when the stream is read to its end; closed before, it stores nothing.
   *
   * @throws IllegalArgumentException when the conversation id is {@code null} or of a type an id
   *     cannot have
   */
  public Stream<String> streamText(MethodPlan plan, Toolbox toolbox, CallPrompt prompt) {
    Conversation conversation = Conversation.of(memory, plan, prompt);
    TextStream text =
        new TextStream(
            plan.qualifiedName(),
            history -> newLoop(plan, toolbox, prompt, history),
            conversation,
            () -> CallObservations.start(observer, assistant, plan, conversation, true),
            observer.captureContext());
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(text, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(text::close);
  }

  /**
   * The raw events of the first round, tool calls included: they are not run, because the caller
   * sees them and decides. Nothing is sent until the first {@code hasNext()}.
   *
   * @throws MajordomoException when the method keeps a conversation: the caller runs the tools, so
   *     its history could not hold their results (the annotation processor refuses such a method)
   */
  public ResponseStream streamEvents(MethodPlan plan, Toolbox toolbox, CallPrompt prompt) {
    if (plan.memoryId() != null) {
      throw new MajordomoException(
          plan.qualifiedName()
              + ": a method returning ResponseStream cannot keep a conversation (@MemoryId"
              + " "
              + plan.memoryId()
              + "): the caller runs its tool calls, so the history could not hold their results."
              + " Return Stream<String> instead, or remove @MemoryId.");
    }
    Model model = chain(plan.chain());
    // A method without tool sources builds its request now; one with sources asks them when the
    // stream opens, inside its observation, as every call does at its start.
    Request request =
        plan.toolSources().isEmpty() ? firstRequest(plan, toolbox, prompt, List.of()) : null;
    return new LazyResponseStream(
        () ->
            model.stream(
                request != null
                    ? request
                    : firstRequest(plan, toolsOf(plan, toolbox), prompt, List.of())),
        () -> CallObservations.start(observer, assistant, plan, null, true),
        observer.captureContext());
  }

  /**
   * The messages stored for conversation {@code id} of this assistant, oldest first: every turn,
   * whatever the policy sends.
   *
   * @throws IllegalArgumentException when {@code id} is {@code null} or of a type an id cannot have
   */
  public List<Message> history(Object id) {
    String key = memory.key(id, assistant.getSimpleName() + ".history");
    List<Message> messages = new ArrayList<>();
    for (Turn turn : memory.store().load(key, Integer.MAX_VALUE)) {
      messages.addAll(turn.messages());
    }
    return List.copyOf(messages);
  }

  /**
   * Deletes conversation {@code id} of this assistant.
   *
   * @throws IllegalArgumentException when {@code id} is {@code null} or of a type an id cannot have
   */
  public void forget(Object id) {
    memory.store().delete(memory.key(id, assistant.getSimpleName() + ".forget"));
  }

  private ToolLoop newLoop(
      MethodPlan plan, Toolbox toolbox, CallPrompt prompt, List<Message> history) {
    Toolbox tools = toolsOf(plan, toolbox);
    return new ToolLoop(
        plan,
        tools,
        chain(plan.chain()),
        executor,
        firstRequest(plan, tools, prompt, history),
        limits,
        observer);
  }

  /**
   * The tools of one call: the method's {@code @Tool} methods, and the tools its sources list now
   * (asked only for a method that names sources).
   */
  private Toolbox toolsOf(MethodPlan plan, Toolbox toolbox) {
    Toolbox own = toolbox == null ? Toolbox.empty() : toolbox;
    return plan.toolSources().isEmpty() ? own : toolSources.toolbox(plan, own);
  }

  private Model chain(String chain) {
    return resolved.computeIfAbsent(
        chain, c -> Objects.requireNonNull(chains.apply(c), "no model for chain " + c));
  }

  static Request firstRequest(
      MethodPlan plan, Toolbox toolbox, CallPrompt prompt, List<Message> history) {
    List<Message> messages = new ArrayList<>(history.size() + 2);
    if (prompt.system() != null && !prompt.system().isBlank()) {
      messages.add(Message.system(prompt.system()));
    }
    messages.addAll(history);
    messages.add(Message.user(prompt.user()));
    return new Request(
        messages,
        toolbox == null ? List.of() : toolbox.definitions(),
        plan.options(),
        plan.responseSchema());
  }

  static String repairPrompt(MethodPlan plan, Exception error) {
    StringBuilder s = new StringBuilder();
    s.append("Your reply could not be used: ").append(errorText(error)).append('\n');
    if (plan.responseSchema() != null) {
      s.append(
              "Answer again with only a JSON document that matches this JSON schema, with no other"
                  + " text:\n")
          .append(plan.responseSchema().json());
    } else {
      s.append("Answer again with only the JSON document, with no other text.");
    }
    return s.toString();
  }

  private static String errorText(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static String failureMessage(MethodPlan plan, Exception error, String raw) {
    String excerpt = raw.length() <= 200 ? raw : raw.substring(0, 200) + "…";
    return plan.qualifiedName()
        + ": the reply could not be decoded"
        + (plan.responseSchema() == null ? "" : " as " + plan.responseSchema().name())
        + ", even after showing the model the error: "
        + errorText(error)
        + ". Reply text: "
        + excerpt;
  }

  /** The executor used when the builder names none: created on first use, daemon threads. */
  private static final class SharedPool {
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService EXECUTOR =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "majordomo-" + COUNT.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }
}
