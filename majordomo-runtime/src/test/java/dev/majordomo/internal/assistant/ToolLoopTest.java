package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.ScriptedModel.call;
import static dev.majordomo.internal.assistant.TestTools.plan;
import static dev.majordomo.internal.assistant.TestTools.runtime;
import static dev.majordomo.internal.assistant.TestTools.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.Reply;
import dev.majordomo.ToolInvocation;
import dev.majordomo.ToolRoundsExceededException;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.llm.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ToolLoopTest {
  private final ScriptedModel model = new ScriptedModel();
  private final AssistantRuntime runtime = runtime(model);
  private final Toolbox weather =
      Toolbox.of(
          tool(
              "weather",
              args -> {
                JsonNode node = Json.parse(args);
                String city = Json.requiredField(node, "$", "city", Json::string);
                return "sunny in " + city;
              }));

  @Test
  void answerWithoutToolsIsOneCall() {
    model.reply("hello");

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("hello");
    assertThat(reply.toolCalls()).isEmpty();
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void firstRequestCarriesSystemUserToolsOptionsAndSchema() {
    model.reply("{\"name\":\"Oslo\",\"population\":1}");
    GenerationOptions options = GenerationOptions.DEFAULTS.withTemperature(0.2).withMaxTokens(100);
    MethodPlan plan = TestTools.cityPlan().withOptions(options);

    runtime.call(plan, weather, CallPrompt.of("Be terse.", "Which city?"), ReplyDecoder.TEXT);

    Request sent = model.lastRequest();
    assertThat(sent.messages())
        .containsExactly(Message.system("Be terse."), Message.user("Which city?"));
    assertThat(sent.tools()).extracting(t -> t.name()).containsExactly("weather");
    assertThat(sent.options()).isEqualTo(options);
    assertThat(sent.responseSchema()).isEqualTo(TestTools.CITY_SCHEMA);
  }

  @Test
  void noSystemMessageWhenThePromptHasNone() {
    model.reply("ok");

    runtime.call(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT);

    assertThat(model.lastRequest().messages()).extracting(Message::role).containsExactly(Role.USER);
    assertThat(model.lastRequest().tools()).isEmpty();
  }

  @Test
  void oneToolRoundAppendsTheAssistantTurnAndTheResults() {
    Part.ToolCall ask = call("c1", "weather", "{\"city\":\"Paris\"}");
    model.replyToolCalls(ask).reply("It is sunny.");

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of("sys", "weather?"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("It is sunny.");
    List<Message> second = model.requests().get(1).messages();
    assertThat(second).hasSize(4);
    assertThat(second.get(2)).isEqualTo(Message.assistant(List.of(ask)));
    assertThat(second.get(3))
        .isEqualTo(
            Message.toolResults(
                List.of(new Part.ToolResult("c1", "weather", "sunny in Paris", false))));
    assertThat(reply.toolCalls())
        .containsExactly(
            new ToolInvocation(
                ask, new Part.ToolResult("c1", "weather", "sunny in Paris", false), 1));
  }

  @Test
  void severalRoundsNumberTheirInvocations() {
    model
        .replyToolCalls(call("a", "weather", "{\"city\":\"Rome\"}"))
        .replyToolCalls(call("b", "weather", "{\"city\":\"Oslo\"}"))
        .reply("done");

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("done");
    assertThat(reply.toolCalls()).extracting(ToolInvocation::round).containsExactly(1, 2);
    assertThat(reply.toolCalls())
        .extracting(i -> i.result().content())
        .containsExactly("sunny in Rome", "sunny in Oslo");
    // the third request holds the whole history: user, (assistant, tool) x 2
    assertThat(model.requests().get(2).messages())
        .extracting(Message::role)
        .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT, Role.TOOL);
  }

  @Test
  void severalCallsInOneReplyRunConcurrently() {
    // each call waits until both are running: sequential execution would time out and say so
    CountDownLatch bothRunning = new CountDownLatch(2);
    Toolbox meet =
        Toolbox.of(
            tool(
                "meet",
                args -> {
                  bothRunning.countDown();
                  return bothRunning.await(10, TimeUnit.SECONDS) ? "met" : "alone";
                }));
    model.replyToolCalls(call("1", "meet", "{}"), call("2", "meet", "{}")).reply("together");

    Reply<String> reply = runtime.call(plan(), meet, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    assertThat(reply.toolCalls())
        .extracting(i -> i.result().content())
        .containsExactly("met", "met");
    // results keep the order of the calls, matched by id
    assertThat(model.lastRequest().messages().get(2).parts())
        .extracting(p -> ((Part.ToolResult) p).callId())
        .containsExactly("1", "2");
  }

  @Test
  void severalCallsOnABusySingleThreadExecutorStillComplete() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      AssistantRuntime onOneThread =
          new AssistantRuntime(ToolLoopTest.class, chain -> model, null, single);
      AtomicInteger ran = new AtomicInteger();
      Toolbox count = Toolbox.of(tool("count", args -> "n" + ran.incrementAndGet()));
      model
          .replyToolCalls(
              call("1", "count", "{}"), call("2", "count", "{}"), call("3", "count", "{}"))
          .reply("ok");

      // the call occupies the only thread, so the caller must run the queued tool calls itself
      Reply<String> reply =
          onOneThread
              .callAsync(plan(), count, CallPrompt.of(null, "go"), ReplyDecoder.TEXT)
              .get(10, TimeUnit.SECONDS);

      assertThat(reply.value()).isEqualTo("ok");
      assertThat(ran).hasValue(3);
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void unknownToolBecomesAnErrorResultTheModelSees() {
    model.replyToolCalls(call("x", "teleport", "{}")).reply("sorry");

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    Part.ToolResult result = reply.toolCalls().get(0).result();
    assertThat(result.isError()).isTrue();
    assertThat(result.content()).contains("no tool named 'teleport'").contains("weather");
    assertThat(model.lastRequest().messages().get(2).parts()).containsExactly(result);
  }

  @Test
  void throwingToolBecomesAnErrorResult() {
    Toolbox broken =
        Toolbox.of(
            tool(
                "book",
                args -> {
                  throw new IllegalStateException("no seats left");
                }));
    model.replyToolCalls(call("b", "book", "{}")).reply("could not book");

    Reply<String> reply =
        runtime.call(plan(), broken, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    assertThat(reply.value()).isEqualTo("could not book");
    Part.ToolResult result = reply.toolCalls().get(0).result();
    assertThat(result.isError()).isTrue();
    assertThat(result.content()).contains("IllegalStateException").contains("no seats left");
  }

  @Test
  void badArgumentsBecomeAnErrorResultNamingThePath() {
    model
        .replyToolCalls(call("w", "weather", "{\"city\":42}"))
        .replyToolCalls(call("w2", "weather", "{\"city\":\"Lima\"}"))
        .reply("fixed");

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    Part.ToolResult first = reply.toolCalls().get(0).result();
    assertThat(first.isError()).isTrue();
    assertThat(first.content()).contains("$.city: expected a string but found a number (42)");
    assertThat(reply.toolCalls().get(1).result().content()).isEqualTo("sunny in Lima");
  }

  @Test
  void maxToolRoundsExceededSummarisesTheTranscriptWithoutArguments() {
    for (int i = 0; i < 3; i++) {
      model.replyToolCalls(call("c" + i, "weather", "{\"city\":\"sk-secret-token-" + i + "\"}"));
    }

    assertThatThrownBy(
            () -> runtime.call(plan(2), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
        .isInstanceOfSatisfying(
            ToolRoundsExceededException.class,
            e -> {
              assertThat(e.maxToolRounds()).isEqualTo(2);
              assertThat(e.toolCalls()).extracting(ToolInvocation::round).containsExactly(1, 2);
              assertThat(e.getMessage())
                  .contains("Agent.ask")
                  .contains("after 2 rounds (maxToolRounds = 2)")
                  .contains("round 1: weather → \"sunny in sk-secret-token-0\"")
                  .contains("round 3 (not run): weather")
                  .doesNotContain("{\"city\"");
            });
    assertThat(model.requests()).hasSize(3);
  }

  @Test
  void longToolResultsAreShortenedInTheSummary() {
    Toolbox chatty = Toolbox.of(tool("dump", args -> "x".repeat(500)));
    model.replyToolCalls(call("1", "dump", "{}")).replyToolCalls(call("2", "dump", "{}"));

    assertThatThrownBy(
            () -> runtime.call(plan(1), chatty, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
        .isInstanceOf(ToolRoundsExceededException.class)
        .hasMessageContaining("\"" + "x".repeat(80) + "…\"")
        .hasMessageNotContaining("x".repeat(81));
  }

  @Test
  void zeroToolRoundsRefusesTheFirstToolCall() {
    AtomicInteger ran = new AtomicInteger();
    Toolbox counting = Toolbox.of(tool("weather", args -> "r" + ran.incrementAndGet()));
    model.replyToolCalls(call("1", "weather", "{}"));

    assertThatThrownBy(
            () -> runtime.call(plan(0), counting, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
        .isInstanceOf(ToolRoundsExceededException.class)
        .hasMessageContaining("after 0 rounds");
    assertThat(ran).hasValue(0);
  }

  @Test
  void negativeMaxToolRoundsMeansTheRegistryLimitWhoseDefaultIsEight() {
    assertThat(plan(-1).maxToolRounds()).isEqualTo(MethodPlan.INHERIT_MAX_TOOL_ROUNDS);
    assertThat(plan(-1).maxToolRounds(dev.majordomo.Limits.DEFAULTS)).isEqualTo(8);
    assertThat(plan(-1).maxToolRounds(dev.majordomo.Limits.DEFAULTS.withMaxToolRounds(3)))
        .isEqualTo(3);
    assertThat(plan(2).maxToolRounds(dev.majordomo.Limits.DEFAULTS.withMaxToolRounds(3)))
        .isEqualTo(2);
  }

  @Test
  void usageIsSummedAndAttemptsAndTargetComeFromEveryRound() {
    Target a = Target.of("fake", "a");
    Target b = Target.of("fake", "b");
    Attempt failedOnA =
        Attempt.failed(a, LlmException.http(503, null, "down"), ErrorKind.TRANSIENT, Duration.ZERO);
    model
        .reply(
            new Response(
                Message.assistant(List.of(call("1", "weather", "{\"city\":\"Bern\"}"))),
                new Usage(10, 5, 1, 0),
                FinishReason.TOOL_CALLS,
                a,
                List.of(Attempt.succeeded(a, Duration.ZERO))))
        .reply(
            new Response(
                Message.assistant("done"),
                new Usage(20, 7, 0, 3),
                FinishReason.STOP,
                b,
                List.of(failedOnA, Attempt.succeeded(b, Duration.ZERO))));

    Reply<String> reply =
        runtime.call(plan(), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT);

    assertThat(reply.usage()).isEqualTo(new Usage(30, 12, 1, 3));
    assertThat(reply.answeredBy()).isEqualTo(b);
    assertThat(reply.attempts())
        .extracting(Attempt::target, Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(a, Attempt.Outcome.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(a, Attempt.Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple(b, Attempt.Outcome.SUCCEEDED));
  }

  @Test
  void chainIsResolvedOnceAndABlankChainMeansDefault() {
    AtomicInteger resolutions = new AtomicInteger();
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    AssistantRuntime counting =
        new AssistantRuntime(
            ToolLoopTest.class,
            chain -> {
              resolutions.incrementAndGet();
              asked.add(chain);
              return model;
            },
            null,
            null);
    model.reply("1").reply("2");
    MethodPlan blank = MethodPlan.forMethod("Agent", "ask").withChain(" ");

    counting.call(blank, null, CallPrompt.of(null, "a"), ReplyDecoder.TEXT);
    counting.call(blank, null, CallPrompt.of(null, "b"), ReplyDecoder.TEXT);

    assertThat(resolutions).hasValue(1);
    assertThat(asked).containsExactly("default");
  }

  @Test
  void modelErrorsPropagateUnchanged() {
    LlmException auth = LlmException.http(401, "invalid_api_key", "bad key");
    model.replyWith(
        r -> {
          throw auth;
        });

    assertThatThrownBy(
            () -> runtime.call(plan(), weather, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
        .isSameAs(auth);
  }

  @Test
  void anInterruptedCallerStopsBeforeTheNextRound() {
    model.replyToolCalls(call("1", "sleepy", "{}"));
    Toolbox interrupting =
        Toolbox.of(
            tool(
                "sleepy",
                args -> {
                  Thread.currentThread().interrupt();
                  return "interrupted myself";
                }));
    try {
      assertThatThrownBy(
              () ->
                  runtime.call(plan(), interrupting, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
          .isInstanceOf(ChainCancelledException.class)
          .cause()
          .hasMessageContaining("Agent.ask: interrupted after 1 tool round")
          .isInstanceOfSatisfying(
              LlmException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
      assertThat(model.requests()).hasSize(1);
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void anInterruptWhileWaitingForConcurrentToolsInterruptsThemAndCancels() throws Exception {
    CountDownLatch secondStarted = new CountDownLatch(1);
    CountDownLatch secondInterrupted = new CountDownLatch(1);
    Toolbox tools =
        Toolbox.of(
            tool(
                "first",
                args -> {
                  // runs on the calling thread: once the other call runs elsewhere, interrupt
                  assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
                  Thread.currentThread().interrupt();
                  return "first";
                }),
            tool(
                "second",
                args -> {
                  secondStarted.countDown();
                  try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                    return "never interrupted";
                  } catch (InterruptedException e) {
                    secondInterrupted.countDown();
                    throw e;
                  }
                }));
    model.replyToolCalls(call("1", "first", "{}"), call("2", "second", "{}"));
    try {
      assertThatThrownBy(
              () -> runtime.call(plan(), tools, CallPrompt.of(null, "go"), ReplyDecoder.TEXT))
          .isInstanceOf(ChainCancelledException.class)
          .cause()
          .hasMessageContaining("Agent.ask: interrupted while running tools in round 1");
    } finally {
      assertThat(Thread.interrupted()).isTrue();
    }
    assertThat(secondInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(model.requests()).hasSize(1);
  }
}
