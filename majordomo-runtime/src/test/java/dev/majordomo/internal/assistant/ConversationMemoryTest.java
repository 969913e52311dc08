package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.ScriptedModel.call;
import static dev.majordomo.internal.assistant.TestTools.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Limits;
import dev.majordomo.MajordomoException;
import dev.majordomo.Reply;
import dev.majordomo.StructuredOutputException;
import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import dev.majordomo.memory.ConversationStore;
import dev.majordomo.memory.MemoryPolicy;
import dev.majordomo.memory.Turn;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationMemoryTest {
  private static final String SYSTEM = "You are the support desk of Acme.";
  private static final MethodPlan ANSWER =
      MethodPlan.forMethod("Desk", "answer").withChain("test").withMemoryId("customer");

  private final ScriptedModel model = new ScriptedModel();
  private final RecordingStore store = new RecordingStore();
  private final AssistantRuntime runtime = runtime(MemoryPolicy.DEFAULT, "Desk");

  private AssistantRuntime runtime(MemoryPolicy policy, String namespace) {
    return new AssistantRuntime(
        ConversationMemoryTest.class,
        chain -> model,
        null,
        null,
        Limits.DEFAULTS,
        new ConversationMemory(() -> store, policy, namespace));
  }

  private String ask(String customer, String question) {
    return ask(ANSWER, customer, question);
  }

  private String ask(MethodPlan plan, Object customer, String question) {
    return runtime
        .call(
            plan,
            Toolbox.empty(),
            CallPrompt.of(SYSTEM, question).inConversation(customer),
            ReplyDecoder.TEXT)
        .value();
  }

  private static List<String> texts(List<Message> messages) {
    return messages.stream().map(m -> m.role() + ":" + m.text()).toList();
  }

  @AfterEach
  void everyLockIsReleased() {
    assertThat(ConversationLocks.SHARED.size()).isZero();
  }

  @Test
  void eachCallSendsTheHistoryInOrderBetweenTheSystemPromptAndTheNewQuestion() {
    model.reply("Hello Alice.").reply("You asked about the refund.");

    ask("alice", "Hi, I want a refund.");
    ask("alice", "What did I ask?");

    assertThat(texts(model.lastRequest().messages()))
        .containsExactly(
            "SYSTEM:" + SYSTEM,
            "USER:Hi, I want a refund.",
            "ASSISTANT:Hello Alice.",
            "USER:What did I ask?");
    assertThat(store.turns("Desk/alice")).hasSize(2);
    assertThat(texts(runtime.history("alice")))
        .containsExactly(
            "USER:Hi, I want a refund.",
            "ASSISTANT:Hello Alice.",
            "USER:What did I ask?",
            "ASSISTANT:You asked about the refund.");
  }

  @Test
  void aCallLoadsOnceAndAppendsOnce() {
    model.reply("one").reply("two");

    ask("alice", "1");
    ask("alice", "2");

    assertThat(store.loads).hasValue(2);
    assertThat(store.appends).hasValue(2);
    assertThat(store.loadLimits).containsExactly(40, 40);
  }

  @Test
  void theToolRoundsOfACallAreStoredWithItsTurnAndSentAgain() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "sunny"));
    Part.ToolCall weather = call("c1", "weather", "{\"city\":\"Oslo\"}");
    model.replyToolCalls(weather).reply("It is sunny.").reply("You asked about Oslo.");
    CallPrompt first = CallPrompt.of(SYSTEM, "Weather in Oslo?").inConversation("bob");

    runtime.call(ANSWER, tools, first, ReplyDecoder.TEXT);
    runtime.call(
        ANSWER,
        tools,
        CallPrompt.of(SYSTEM, "Which city?").inConversation("bob"),
        ReplyDecoder.TEXT);

    List<Message> stored = store.turns("Desk/bob").get(0).messages();
    assertThat(stored)
        .extracting(Message::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    assertThat(stored.get(1).toolCalls()).containsExactly(weather);
    assertThat(((Part.ToolResult) stored.get(2).parts().get(0)).content()).isEqualTo("sunny");
    assertThat(model.lastRequest().messages().subList(1, 5)).isEqualTo(stored);
  }

  @Test
  void theWindowSendsTheNewestWholeTurnsWithinTheMethodsLimit() {
    model.reply("a1").reply("a2").reply("a3");
    MethodPlan three = ANSWER.withHistoryLimits(3, -1);

    ask(three, "alice", "q1");
    ask(three, "alice", "q2");
    ask(three, "alice", "q3");

    // two turns of two messages: four do not fit in three, so only the newest whole turn is sent
    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("SYSTEM:" + SYSTEM, "USER:q2", "ASSISTANT:a2", "USER:q3");
    assertThat(store.loadLimits).containsExactly(3, 3, 3);
    assertThat(runtime.history("alice")).hasSize(6);
  }

  @Test
  void eachLimitOfTheMethodOverridesTheInheritedPolicySeparately() {
    ConversationMemory memory = new ConversationMemory(() -> store, new MemoryPolicy(10, 500), "D");

    assertThat(memory.policy(ANSWER)).isEqualTo(new MemoryPolicy(10, 500));
    assertThat(memory.policy(ANSWER.withHistoryLimits(20, -1)))
        .isEqualTo(new MemoryPolicy(20, 500));
    assertThat(memory.policy(ANSWER.withHistoryLimits(-1, 99))).isEqualTo(new MemoryPolicy(10, 99));
  }

  @Test
  void theInheritedTokenBudgetTrimsTheWindow() {
    AssistantRuntime tight = runtime(MemoryPolicy.lastMessages(100).withMaxTokens(30), "Desk");
    model.reply("x".repeat(80)).reply("short").reply("last");
    CallPrompt p1 = CallPrompt.of(null, "long one").inConversation("c");

    tight.call(ANSWER, Toolbox.empty(), p1, ReplyDecoder.TEXT);
    tight.call(
        ANSWER, Toolbox.empty(), CallPrompt.of(null, "q2").inConversation("c"), ReplyDecoder.TEXT);
    tight.call(
        ANSWER, Toolbox.empty(), CallPrompt.of(null, "q3").inConversation("c"), ReplyDecoder.TEXT);

    // the first turn costs about 30 tokens alone: with the second it is over the budget
    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("USER:q2", "ASSISTANT:short", "USER:q3");
  }

  @Test
  void theSystemPromptIsNeverStoredAndAChangedOneAppliesToTheNextCall() {
    model.reply("a1").reply("a2");

    runtime.call(
        ANSWER,
        Toolbox.empty(),
        CallPrompt.of("Old rules.", "q1").inConversation("a"),
        ReplyDecoder.TEXT);
    runtime.call(
        ANSWER,
        Toolbox.empty(),
        CallPrompt.of("New rules.", "q2").inConversation("a"),
        ReplyDecoder.TEXT);

    assertThat(runtime.history("a")).extracting(Message::role).doesNotContain(Role.SYSTEM);
    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("SYSTEM:New rules.", "USER:q1", "ASSISTANT:a1", "USER:q2");
  }

  @Test
  void theFailedAnswerAndTheRepairPromptOfStructuredOutputAreNotStored() {
    MethodPlan city = TestTools.cityPlan().withMemoryId("customer");
    model.reply("not json").reply("{\"name\":\"Oslo\",\"population\":709000}");

    runtime.call(
        city,
        Toolbox.empty(),
        CallPrompt.of(null, "Biggest city?").inConversation("a"),
        ReplyDecoder.json(node -> Json.requiredField(node, "$", "name", Json::string)));

    assertThat(model.requests().get(1).messages()).hasSize(3);
    assertThat(texts(runtime.history("a")))
        .containsExactly(
            "USER:Biggest city?", "ASSISTANT:{\"name\":\"Oslo\",\"population\":709000}");
  }

  @Test
  void aCallThatFailsStoresNothingAndReleasesTheConversation() {
    model.replyWith(
        r -> {
          throw LlmException.http(503, null, "overloaded");
        });
    model.reply("fine");

    assertThatThrownBy(() -> ask("a", "q1")).isInstanceOf(LlmException.class);
    assertThat(store.appends).hasValue(0);

    ask("a", "q2");
    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("SYSTEM:" + SYSTEM, "USER:q2");
  }

  @Test
  void toolRoundsExceededStoresNothing() {
    Toolbox tools = Toolbox.of(tool("loop", args -> "again"));
    model.replyToolCalls(call("1", "loop", "{}")).replyToolCalls(call("2", "loop", "{}"));

    assertThatThrownBy(
            () ->
                runtime.call(
                    ANSWER.withMaxToolRounds(1),
                    tools,
                    CallPrompt.of(null, "go").inConversation("a"),
                    ReplyDecoder.TEXT))
        .isInstanceOf(ToolRoundsExceededException.class);
    assertThat(store.appends).hasValue(0);
  }

  @Test
  void anAnswerThatNeverDecodesStoresNothing() {
    model.reply("no").reply("still no");

    assertThatThrownBy(
            () ->
                runtime.call(
                    TestTools.cityPlan().withMemoryId("customer"),
                    Toolbox.empty(),
                    CallPrompt.of(null, "?").inConversation("a"),
                    ReplyDecoder.jsonValue(Json::int32)))
        .isInstanceOf(StructuredOutputException.class);
    assertThat(store.appends).hasValue(0);
  }

  @Test
  void aStreamReadToItsEndStoresTheTurnWithItsToolRounds() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "rain"));
    Part.ToolCall weather = call("w", "weather", "{}");
    model.stream(
        new StreamEvent.TextDelta("Checking. "),
        new StreamEvent.ToolCallEvent(weather),
        new StreamEvent.Done(FinishReason.TOOL_CALLS))
        .stream(
            new StreamEvent.TextDelta("It "),
            new StreamEvent.TextDelta("rains."),
            new StreamEvent.Done(FinishReason.STOP));

    try (Stream<String> s =
        runtime.streamText(ANSWER, tools, CallPrompt.of(SYSTEM, "Weather?").inConversation("a"))) {
      assertThat(s.toList()).containsExactly("Checking. ", "It ", "rains.");
    }

    assertThat(texts(runtime.history("a")))
        .containsExactly("USER:Weather?", "ASSISTANT:Checking. ", "TOOL:", "ASSISTANT:It rains.");
    assertThat(store.appends).hasValue(1);
  }

  @Test
  void aStreamClosedBeforeItsEndStoresNothing() {
    model.stream(
        new StreamEvent.TextDelta("a"),
        new StreamEvent.TextDelta("b"),
        new StreamEvent.Done(FinishReason.STOP));

    try (Stream<String> s =
        runtime.streamText(ANSWER, Toolbox.empty(), CallPrompt.of(null, "q").inConversation("a"))) {
      Iterator<String> it = s.iterator();
      assertThat(it.next()).isEqualTo("a");
    }

    assertThat(store.appends).hasValue(0);
    assertThat(store.loads).hasValue(1);
  }

  @Test
  void aStreamFailingWithAnErrorReleasesItsConversationEvenWhenNeverClosed() {
    Toolbox tools =
        Toolbox.of(
            tool(
                "deep",
                args -> {
                  throw new StackOverflowError("a tool recursed too deep");
                }));
    model.stream(
        new StreamEvent.ToolCallEvent(call("d", "deep", "{}")),
        new StreamEvent.Done(FinishReason.TOOL_CALLS));
    // Not closed, as a Stream's terminal operation leaves it: the error must not keep the lock,
    // or every later call of the conversation would wait for ever.
    Stream<String> s =
        runtime.streamText(ANSWER, tools, CallPrompt.of(null, "q").inConversation("a"));

    assertThatThrownBy(s::toList).isInstanceOf(StackOverflowError.class);

    assertThat(ConversationLocks.SHARED.size()).isZero();
    assertThat(store.appends).hasValue(0);
  }

  /** Opens a stream of conversation "a", reads one text, and drops it without closing it. */
  private void readOneTextAndAbandon() {
    Stream<String> s =
        runtime.streamText(ANSWER, Toolbox.empty(), CallPrompt.of(null, "q").inConversation("a"));
    assertThat(s.findFirst()).hasValue("a");
  }

  @Test
  void aStreamAbandonedWithoutCloseReleasesItsConversationOnceUnreachable() {
    model.stream(
        new StreamEvent.TextDelta("a"),
        new StreamEvent.TextDelta("b"),
        new StreamEvent.Done(FinishReason.STOP));
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(TextStream.class.getName());
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel() == java.util.logging.Level.WARNING) {
              warnings.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      // findFirst() neither reads the stream to its end nor closes it
      readOneTextAndAbandon();
      assertThat(ConversationLocks.SHARED.size()).isEqualTo(1);

      // A nudge for the collector, not a timing assertion: at most 200 rounds of System.gc().
      for (int i = 0; i < 200 && ConversationLocks.SHARED.size() != 0; i++) {
        System.gc();
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
      assertThat(ConversationLocks.SHARED.size()).as("the conversation is released").isZero();
      awaitTrue(() -> !warnings.isEmpty());
    } finally {
      log.removeHandler(capture);
    }

    assertThat(model.openedStreams().get(0).closed()).isTrue();
    assertThat(store.appends).hasValue(0);
    assertThat(warnings)
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("Desk.answer")
        .contains("close")
        .doesNotContain("Desk/a");
    model.reply("next");
    assertThat(ask("a", "again")).isEqualTo("next");
  }

  @Test
  void aStreamNeverOpenedTouchesNoStore() {
    runtime
        .streamText(ANSWER, Toolbox.empty(), CallPrompt.of(null, "q").inConversation("a"))
        .close();

    assertThat(store.loads).hasValue(0);
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void aStreamSendsTheHistory() {
    model.reply("a1");
    model.stream(new StreamEvent.TextDelta("a2"), new StreamEvent.Done(FinishReason.STOP));
    ask("a", "q1");

    try (Stream<String> s =
        runtime.streamText(
            ANSWER, Toolbox.empty(), CallPrompt.of(SYSTEM, "q2").inConversation("a"))) {
      assertThat(s.toList()).containsExactly("a2");
    }

    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("SYSTEM:" + SYSTEM, "USER:q1", "ASSISTANT:a1", "USER:q2");
    assertThat(runtime.history("a")).hasSize(4);
  }

  /** A first call that blocks in the model until released; returns when it is in the model. */
  private CompletableFuture<Reply<String>> blockedCall(
      String customer, String question, CountDownLatch release) throws InterruptedException {
    CountDownLatch inModel = new CountDownLatch(1);
    model.replyWith(
        r -> {
          inModel.countDown();
          try {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return dev.majordomo.llm.Response.ofText("first answer");
        });
    CompletableFuture<Reply<String>> first =
        runtime.callAsync(
            ANSWER,
            Toolbox.empty(),
            CallPrompt.of(null, question).inConversation(customer),
            ReplyDecoder.TEXT);
    assertThat(inModel.await(10, TimeUnit.SECONDS)).isTrue();
    return first;
  }

  private static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  @Test
  void twoCallsOnOneConversationRunOneAfterTheOther() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Reply<String>> first = blockedCall("alice", "first question", release);
    model.reply("second answer");

    CompletableFuture<Reply<String>> second =
        runtime.callAsync(
            ANSWER,
            Toolbox.empty(),
            CallPrompt.of(null, "second question").inConversation("alice"),
            ReplyDecoder.TEXT);
    awaitTrue(() -> ConversationLocks.SHARED.waiting(store, "Desk/alice") == 1);
    assertThat(model.requests()).hasSize(1);
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS).value()).isEqualTo("first answer");
    assertThat(second.get(10, TimeUnit.SECONDS).value()).isEqualTo("second answer");
    assertThat(texts(model.lastRequest().messages()))
        .containsExactly("USER:first question", "ASSISTANT:first answer", "USER:second question");
  }

  @Test
  void callsOnTwoConversationsRunAtTheSameTime() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Reply<String>> alice = blockedCall("alice", "q", release);
    model.reply("for bob");

    assertThat(ask("bob", "q")).isEqualTo("for bob");

    assertThat(alice).isNotDone();
    release.countDown();
    assertThat(alice.get(10, TimeUnit.SECONDS).value()).isEqualTo("first answer");
  }

  @Test
  void cancellingACallThatWaitsForItsConversationEndsTheWaitAndStoresNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Reply<String>> first = blockedCall("alice", "q1", release);
    CompletableFuture<Reply<String>> waiting =
        runtime.callAsync(
            ANSWER,
            Toolbox.empty(),
            CallPrompt.of(null, "q2").inConversation("alice"),
            ReplyDecoder.TEXT);
    awaitTrue(() -> ConversationLocks.SHARED.waiting(store, "Desk/alice") == 1);

    assertThat(waiting.cancel(true)).isTrue();

    awaitTrue(() -> ConversationLocks.SHARED.waiting(store, "Desk/alice") == 0);
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertThat(texts(runtime.history("alice")))
        .containsExactly("USER:q1", "ASSISTANT:first answer");
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void closingAStreamThatWaitsForItsConversationEndsTheWait() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Reply<String>> first = blockedCall("alice", "q1", release);
    Stream<String> stream =
        runtime.streamText(
            ANSWER, Toolbox.empty(), CallPrompt.of(null, "q2").inConversation("alice"));
    AtomicReference<Boolean> hadNext = new AtomicReference<>();
    Thread reader = new Thread(() -> hadNext.set(stream.iterator().hasNext()));
    reader.start();
    awaitTrue(() -> ConversationLocks.SHARED.waiting(store, "Desk/alice") == 1);

    stream.close();

    reader.join(10_000);
    assertThat(hadNext.get()).isFalse();
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    assertThat(store.appends).hasValue(1);
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void anInterruptWhileWaitingForTheConversationIsACancellationAndKeepsTheFlag() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Reply<String>> first = blockedCall("alice", "q1", release);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread caller =
        new Thread(
            () -> {
              try {
                ask("alice", "q2");
              } catch (RuntimeException e) {
                failure.set(e);
                flag.set(Thread.currentThread().isInterrupted());
              }
            });
    caller.start();
    awaitTrue(() -> ConversationLocks.SHARED.waiting(store, "Desk/alice") == 1);

    caller.interrupt();

    caller.join(10_000);
    assertThat(failure.get())
        .isInstanceOf(ChainCancelledException.class)
        .hasStackTraceContaining("Desk.answer: interrupted while waiting for the previous call");
    assertThat(flag.get()).isTrue();
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aFutureCancelledAfterItsTurnWasStoredEndsCancelledAndTheTurnStays() throws Exception {
    CountDownLatch appended = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ConversationStore slowAppend =
        new ConversationStore() {
          @Override
          public List<Turn> load(String conversationId, int maxMessages) {
            return store.load(conversationId, maxMessages);
          }

          @Override
          public void append(String conversationId, Turn turn) {
            store.append(conversationId, turn);
            appended.countDown();
            try {
              assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              // the cancel's interrupt: the turn is stored already
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void delete(String conversationId) {
            store.delete(conversationId);
          }
        };
    AssistantRuntime slow =
        new AssistantRuntime(
            ConversationMemoryTest.class,
            chain -> model,
            null,
            null,
            Limits.DEFAULTS,
            new ConversationMemory(() -> slowAppend, MemoryPolicy.DEFAULT, "Desk"));
    model.reply("answer");

    CompletableFuture<Reply<String>> call =
        slow.callAsync(
            ANSWER,
            Toolbox.empty(),
            CallPrompt.of(null, "q").inConversation("a"),
            ReplyDecoder.TEXT);
    assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(call.cancel(true)).isTrue();
    release.countDown();

    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    awaitTrue(() -> ConversationLocks.SHARED.size() == 0);
    assertThat(texts(slow.history("a"))).containsExactly("USER:q", "ASSISTANT:answer");
  }

  @Test
  void aToolThatCallsBackIntoItsOwnConversationIsRefusedInsteadOfWaitingForEver() {
    AtomicReference<Throwable> callBack = new AtomicReference<>();
    Toolbox tools =
        Toolbox.of(
            tool(
                "lookup",
                args -> {
                  try {
                    ask("alice@example.com", "nested");
                  } catch (RuntimeException e) {
                    callBack.set(e);
                  }
                  return "done";
                }));
    model.replyToolCalls(call("c", "lookup", "{}")).reply("outer answer");

    Reply<String> reply =
        runtime.call(
            ANSWER,
            tools,
            CallPrompt.of(null, "q").inConversation("alice@example.com"),
            ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("outer answer");
    assertThat(callBack.get())
        .isInstanceOf(MajordomoException.class)
        .hasMessageStartingWith("Desk.answer: conversation (parameter customer) is already in use")
        .hasMessageContaining("by this thread: a tool called back into the same conversation")
        .hasMessageNotContaining("alice");
    assertThat(store.turns("Desk/alice@example.com")).hasSize(1);
  }

  @Test
  void aToolMayCallAnotherConversationOnTheCallersThread() {
    AtomicReference<String> nested = new AtomicReference<>();
    Toolbox tools =
        Toolbox.of(
            tool(
                "lookup",
                args -> {
                  nested.set(ask("bob", "nested"));
                  return "done";
                }));
    model.replyToolCalls(call("c", "lookup", "{}")).reply("nested answer").reply("outer answer");

    runtime.call(
        ANSWER, tools, CallPrompt.of(null, "q").inConversation("alice"), ReplyDecoder.TEXT);

    assertThat(nested.get()).isEqualTo("nested answer");
    assertThat(store.turns("Desk/bob")).hasSize(1);
    assertThat(store.turns("Desk/alice")).hasSize(1);
  }

  @Test
  void reportedUsageCountsTheTurnsTokens() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "sunny"));
    model
        .replyToolCalls(new Usage(100, 10, 0, 0), call("c", "weather", "{}"))
        .reply("Sunny.", new Usage(150, 20, 0, 0));

    runtime.call(
        ANSWER, tools, CallPrompt.of(null, "Weather?").inConversation("a"), ReplyDecoder.TEXT);

    int userTokens = MemoryPolicy.estimateTokens(List.of(Message.user("Weather?")));
    assertThat(store.turns("Desk/a").get(0).tokens()).isEqualTo(150 + 20 - 100 + userTokens);
  }

  @Test
  void reasoningTokensAreNotCountedInTheTurnsTokensSinceTheyAreNeverSentAgain() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "sunny"));
    // A reasoning model: most of each round's output is reasoning, which no request sends again
    // (the second round's input holds the tool call, not the reasoning before it).
    model
        .replyToolCalls(new Usage(100, 310, 0, 300), call("c", "weather", "{}"))
        .reply("Sunny.", new Usage(150, 520, 0, 500));

    runtime.call(
        ANSWER, tools, CallPrompt.of(null, "Weather?").inConversation("a"), ReplyDecoder.TEXT);

    int userTokens = MemoryPolicy.estimateTokens(List.of(Message.user("Weather?")));
    assertThat(store.turns("Desk/a").get(0).tokens())
        .isEqualTo(150 + (520 - 500) - 100 + userTokens);
  }

  @Test
  void aTurnWhoseFirstAndLastRoundsWereAnsweredByDifferentTargetsIsEstimated() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "sunny"));
    dev.majordomo.llm.Target openai = dev.majordomo.llm.Target.of("openai", "gpt-4o");
    dev.majordomo.llm.Target anthropic = dev.majordomo.llm.Target.of("anthropic", "claude");
    // Failover between the rounds: two tokenizers, so the difference of their counts means nothing.
    model
        .reply(
            new dev.majordomo.llm.Response(
                Message.assistant(List.of(call("c", "weather", "{}"))),
                new Usage(100, 10, 0, 0),
                FinishReason.TOOL_CALLS,
                openai,
                List.of()))
        .reply(
            new dev.majordomo.llm.Response(
                Message.assistant("Sunny."),
                new Usage(400, 20, 0, 0),
                FinishReason.STOP,
                anthropic,
                List.of()));

    runtime.call(
        ANSWER, tools, CallPrompt.of(null, "Weather?").inConversation("a"), ReplyDecoder.TEXT);

    Turn turn = store.turns("Desk/a").get(0);
    assertThat(turn.tokens()).isEqualTo(MemoryPolicy.estimateTokens(turn.messages()));
  }

  @Test
  void aTurnWhoseRoundsWereAnsweredByOneTargetIsMeasured() {
    dev.majordomo.llm.Target openai = dev.majordomo.llm.Target.of("openai", "gpt-4o");
    model.reply(
        new dev.majordomo.llm.Response(
            Message.assistant("Hello."),
            new Usage(100, 10, 0, 0),
            FinishReason.STOP,
            openai,
            List.of()));

    ask("a", "Hi");

    int userTokens = MemoryPolicy.estimateTokens(List.of(Message.user("Hi")));
    assertThat(store.turns("Desk/a").get(0).tokens()).isEqualTo(10 + userTokens);
  }

  @Test
  void aMeasuredCountOfZeroForANonEmptyTurnIsEstimatedInstead() {
    Toolbox tools = Toolbox.of(tool("weather", args -> "sunny"));
    // The last round's input counted fewer tokens than the first's: the difference clamps to 0.
    model
        .replyToolCalls(new Usage(500, 10, 0, 0), call("c", "weather", "{}"))
        .reply("Sunny.", new Usage(100, 5, 0, 0));

    runtime.call(
        ANSWER, tools, CallPrompt.of(null, "Weather?").inConversation("a"), ReplyDecoder.TEXT);

    Turn turn = store.turns("Desk/a").get(0);
    assertThat(turn.tokens()).isPositive().isEqualTo(MemoryPolicy.estimateTokens(turn.messages()));
  }

  @Test
  void withoutReportedUsageTheTurnsTokensAreEstimated() {
    model.reply("Hello there.");

    ask("a", "Hi");

    Turn turn = store.turns("Desk/a").get(0);
    assertThat(turn.tokens()).isEqualTo(MemoryPolicy.estimateTokens(turn.messages()));
  }

  @Test
  void historyAndForget() {
    model.reply("a1");
    ask("a", "q1");
    assertThat(runtime.history("a")).hasSize(2);
    assertThat(runtime.history("nobody")).isEmpty();

    runtime.forget("a");

    assertThat(runtime.history("a")).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  enum Tier {
    GOLD;

    @Override
    public String toString() {
      return "gold tier";
    }
  }

  @Test
  void idsOfEveryAllowedTypeNameTheirConversationByTheirText() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    for (int i = 0; i < 5; i++) {
      model.reply("ok");
    }

    ask(ANSWER, "text", "q");
    ask(ANSWER, uuid, "q");
    ask(ANSWER, 42L, "q");
    ask(ANSWER, 7, "q");
    ask(ANSWER, Tier.GOLD, "q");

    assertThat(store.all().keySet())
        .containsExactlyInAnyOrder("Desk/text", "Desk/" + uuid, "Desk/42", "Desk/7", "Desk/GOLD");
    assertThat(runtime.history(42L)).hasSize(2);
    assertThat(runtime.history("42")).hasSize(2);
  }

  @Test
  void aNullOrBlankOrOtherIdIsRefusedNamingTheMethodAndParameterAndNeverTheValue() {
    assertThatThrownBy(() -> ask(ANSWER, null, "q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Desk.answer, parameter customer: the conversation id is null");
    assertThatThrownBy(() -> ask(ANSWER, " ", "q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Desk.answer, parameter customer: the conversation id is blank");
    assertThatThrownBy(() -> ask(ANSWER, 2.5, "q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Desk.answer, parameter customer:")
        .hasMessageContaining("not a java.lang.Double")
        .hasMessageNotContaining("2.5");
    assertThatThrownBy(
            () ->
                runtime.callAsync(
                    ANSWER, Toolbox.empty(), CallPrompt.of(null, "q"), ReplyDecoder.TEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> runtime.streamText(ANSWER, Toolbox.empty(), CallPrompt.of(null, "q")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> runtime.history(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ConversationMemoryTest.history:")
        .hasMessageContaining("not a java.lang.Object");
    assertThatThrownBy(() -> runtime.forget(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ConversationMemoryTest.forget: the conversation id is null");
    assertThat(model.requests()).isEmpty();
    assertThat(store.loads).hasValue(0);
  }

  @Test
  void twoNamespacesNeverShareAConversationAndOneNamespaceDoes() {
    AssistantRuntime other = runtime(MemoryPolicy.DEFAULT, "Other");
    AssistantRuntime renamed = runtime(MemoryPolicy.DEFAULT, "Desk");
    model.reply("from desk");

    ask("alice", "q");

    assertThat(other.history("alice")).isEmpty();
    assertThat(renamed.history("alice")).hasSize(2);
  }

  @Test
  void aNamespaceIsNotBlankAndHasNoSlash() {
    assertThatThrownBy(() -> ConversationMemory.checkNamespace(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a conversation namespace must not be blank");
    assertThatThrownBy(() -> ConversationMemory.checkNamespace("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not contain '/'");
    assertThat(ConversationMemory.checkNamespace("com.acme.Outer$Inner"))
        .isEqualTo("com.acme.Outer$Inner");
  }

  @Test
  void withoutAMemoryTheRuntimeKeepsConversationsUnderTheInterfacesBinaryName() {
    assertThat(ConversationMemory.standalone(Tier.class).namespace())
        .isEqualTo("dev.majordomo.internal.assistant.ConversationMemoryTest$Tier");
  }

  @Test
  void aRawEventStreamCannotKeepAConversation() {
    assertThatThrownBy(
            () ->
                runtime.streamEvents(
                    ANSWER, Toolbox.empty(), CallPrompt.of(null, "q").inConversation("a")))
        .isInstanceOf(MajordomoException.class)
        .hasMessageContaining(
            "Desk.answer: a method returning ResponseStream cannot keep a conversation");
  }

  @Test
  void aMethodWithoutMemoryIdIgnoresTheStore() {
    model.reply("plain");

    runtime.call(
        ANSWER.withMemoryId(null), Toolbox.empty(), CallPrompt.of(null, "q"), ReplyDecoder.TEXT);

    assertThat(store.loads).hasValue(0);
    assertThat(store.appends).hasValue(0);
    assertThat(model.lastRequest()).isEqualTo(Request.of(Message.user("q")));
  }
}
