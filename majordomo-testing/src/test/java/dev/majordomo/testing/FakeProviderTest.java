package dev.majordomo.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FakeProviderTest {
  private static final Request HELLO = Request.of(Message.user("hello"));

  private final FakeTimeSource clock = new FakeTimeSource();
  private final FakeProvider fake = new FakeProvider();
  private final Model a = fake.open("a", clock);

  @Test
  void isFoundByServiceLoaderUnderTheFakeScheme() {
    List<String> schemes = new ArrayList<>();
    ServiceLoader.load(Provider.class).forEach(p -> schemes.add(p.scheme()));
    assertThat(schemes).contains("fake");
    assertThat(fake.scheme()).isEqualTo(FakeProvider.SCHEME).isEqualTo("fake");
    assertThat(fake.parameterKeys()).isEmpty();
  }

  @Test
  void repliesInOrderThenTheDefaultReply() {
    fake.model("a").reply("one").reply("two").defaultReply("again");

    assertThat(a.call(HELLO).text()).isEqualTo("one");
    assertThat(a.call(HELLO).text()).isEqualTo("two");
    assertThat(a.call(HELLO).text()).isEqualTo("again");
    assertThat(a.call(HELLO).text()).isEqualTo("again");
    assertThat(fake.model("a").pending()).isZero();
  }

  @Test
  void anEmptyScriptFailsWithAClearErrorNamingTheModel() {
    LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(HELLO));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.target()).contains(Target.of("fake", "a"));
    assertThat(e.getMessage())
        .contains("fake model 'a' has no scripted outcome left and no default reply")
        .contains("model(\"a\").reply(");
  }

  @ParameterizedTest
  @CsvSource({
    "429, , TRANSIENT",
    "408, , TRANSIENT",
    "500, , TRANSIENT",
    "503, , TRANSIENT",
    "529, , TRANSIENT",
    "529, overloaded_error, TRANSIENT",
    "401, , AUTH",
    "403, , AUTH",
    "402, , QUOTA",
    "429, insufficient_quota, QUOTA",
    "404, , NOT_FOUND",
    "400, model_not_found, NOT_FOUND",
    "400, context_length_exceeded, CONTEXT_LENGTH",
    "400, , PERMANENT"
  })
  void httpFailuresAreClassifiedLikeARealProviders(int status, String code, ErrorKind kind) {
    fake.model("a").fail(status, code);

    LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(HELLO));

    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.providerCode()).isEqualTo(java.util.Optional.ofNullable(code));
    assertThat(e.target()).contains(Target.of("fake", "a"));
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void aFailureCarriesItsRetryAfter() {
    fake.model("a").fail(429, "rate_limit_exceeded", Duration.ofSeconds(12));

    LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(HELLO));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
    assertThat(e.getMessage()).contains("HTTP 429").contains("retry after 12000 ms");
  }

  @Test
  void failWithAnUncheckedErrorThrowsThatInstance() {
    IllegalStateException boom = new IllegalStateException("boom");
    fake.model("a").fail(boom);

    assertThatThrownBy(() -> a.call(HELLO)).isSameAs(boom);
  }

  @Test
  void failWithACheckedErrorWrapsItWithTheDefaultClassification() {
    IOException reset = new IOException("connection reset");
    fake.model("a").fail(reset);

    LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(HELLO));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getCause()).isSameAs(reset);
    assertThat(e.target()).contains(Target.of("fake", "a"));
  }

  @Test
  void failWithAnInterruptionSetsTheInterruptFlag() {
    fake.model("a").fail(new InterruptedException());
    try {
      LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(HELLO));
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aDelayWaitsOnTheTimeSourceBeforeTheNextOutcome() {
    fake.model("a")
        .delay(Duration.ofSeconds(2))
        .delay(Duration.ofSeconds(1))
        .reply("slow")
        .reply("fast");
    var start = clock.now();

    assertThat(a.call(HELLO).text()).isEqualTo("slow");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3));
    assertThat(a.call(HELLO).text()).isEqualTo("fast");
    assertThat(clock.sleeps()).hasSize(1);
    assertThat(fake.requests())
        .extracting(FakeRequest::at)
        .containsExactly(start, start.plusSeconds(3));
  }

  @Test
  void aTrailingDelayAppliesToTheDefaultReply() {
    fake.model("a").defaultReply("eventually").delay(Duration.ofMillis(700));

    assertThat(a.call(HELLO).text()).isEqualTo("eventually");
    assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(700));
  }

  @Test
  void aDelayLongerThanTheRequestTimeoutTimesOut() {
    fake.model("a").delay(Duration.ofSeconds(30)).reply("too late").reply("next");
    Request impatient =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(5)));

    LlmException e = catchThrowableOfType(LlmException.class, () -> a.call(impatient));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out after 5000 ms");
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5));
    assertThat(a.call(impatient).text()).as("the timed-out outcome was consumed").isEqualTo("next");
  }

  @Test
  void streamsEmitTheirDeltasThenDone() {
    fake.model("a").stream("Hel", "lo", "!");

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s = a.stream(HELLO)) {
      s.forEachRemaining(events::add);
    }

    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("Hel"),
            new StreamEvent.TextDelta("lo"),
            new StreamEvent.TextDelta("!"),
            new StreamEvent.Done(FinishReason.STOP));
    assertThat(fake.requests()).singleElement().satisfies(r -> assertThat(r.streamed()).isTrue());
  }

  @Test
  void aCallOnAScriptedStreamGetsItsText() {
    fake.model("a").stream("Hel", "lo");
    assertThat(a.call(HELLO).text()).isEqualTo("Hello");
  }

  @Test
  void aStreamCanFailAfterSomeEvents() {
    fake.model("a").streamFailingAfter(1, 503, "first", "second");

    ResponseStream s = a.stream(HELLO);
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("first"));
    assertThat(fake.openStreams()).isEqualTo(1);
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);

    assertThat(e.status()).hasValue(503);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(fake.openStreams()).as("a failed stream is released").isZero();
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void aCallOnAFailingStreamFails() {
    fake.model("a").streamFailingAfter(2, 500, "a", "b", "c");
    assertThat(catchThrowableOfType(LlmException.class, () -> a.call(HELLO)).status())
        .hasValue(500);
  }

  @Test
  void aScriptedFailureIsThrownWhenTheStreamOpens() {
    fake.model("a").fail(401);
    assertThat(catchThrowableOfType(LlmException.class, () -> a.stream(HELLO)).kind())
        .isEqualTo(ErrorKind.AUTH);
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void openStreamsCountsStreamsNeitherClosedNorFinished() {
    fake.model("a").stream("x").stream("y").stream("z");
    ResponseStream first = a.stream(HELLO);
    ResponseStream second = a.stream(HELLO);
    ResponseStream third = a.stream(HELLO);
    assertThat(fake.openStreams()).isEqualTo(3);

    first.close();
    first.close();
    second.forEachRemaining(e -> {});
    assertThat(fake.openStreams()).isEqualTo(1);
    third.close();
    assertThat(fake.openStreams()).isZero();
  }

  @Test
  void toolCallsReplyWithTheCallsAndTheirFinishReason() {
    Part.ToolCall weather = new Part.ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}");
    Part.ToolCall time = new Part.ToolCall("call_2", "time", null);
    fake.model("a").replyToolCalls(weather, time).replyToolCalls(weather);

    Response response = a.call(HELLO);
    assertThat(response.toolCalls()).containsExactly(weather, time);
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);

    List<StreamEvent> events = new ArrayList<>();
    a.stream(HELLO).forEachRemaining(events::add);
    assertThat(events)
        .containsExactly(
            new StreamEvent.ToolCallEvent(weather), new StreamEvent.Done(FinishReason.TOOL_CALLS));
    assertThatThrownBy(() -> fake.model("a").replyToolCalls())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFullResponseStreamsWithItsUsage() {
    Usage usage = new Usage(10, 5, 0, 0);
    fake.model("a")
        .reply(new Response(Message.assistant("hi"), usage, FinishReason.LENGTH, null, null));

    List<StreamEvent> events = new ArrayList<>();
    a.stream(HELLO).forEachRemaining(events::add);

    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("hi"),
            new StreamEvent.UsageEvent(usage),
            new StreamEvent.Done(FinishReason.LENGTH));
  }

  @Test
  void aScriptedReplyIdAndModelReachTheCallAndTheStream() {
    Response scripted =
        new Response(
            Message.assistant("hi"),
            Usage.NONE,
            FinishReason.STOP,
            null,
            null,
            "chatcmpl-fake",
            "gpt-4o-2024-08-06");
    fake.model("a").reply(scripted).reply(scripted);

    Response called = a.call(HELLO);
    assertThat(called.id()).isEqualTo("chatcmpl-fake");
    assertThat(called.model()).isEqualTo("gpt-4o-2024-08-06");
    List<StreamEvent> events = new ArrayList<>();
    a.stream(HELLO).forEachRemaining(events::add);
    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("hi"),
            new StreamEvent.Done(FinishReason.STOP, "chatcmpl-fake", "gpt-4o-2024-08-06"));
  }

  @Test
  void replyJsonChecksItsJson() {
    fake.model("a").replyJson("{\"city\":\"Oslo\",\"days\":[1,2]}");
    assertThat(a.call(HELLO).text()).isEqualTo("{\"city\":\"Oslo\",\"days\":[1,2]}");

    assertThatThrownBy(() -> fake.model("a").replyJson("{\"city\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fake model 'a'")
        .hasMessageContaining("not well-formed JSON");
    assertThat(fake.model("a").pending()).isZero();
  }

  @Test
  void rejectsScriptsThatMakeNoSense() {
    FakeModelScript s = fake.model("a");
    assertThatThrownBy(() -> s.fail(200)).hasMessageContaining("400 to 599");
    assertThatThrownBy(() -> s.streamFailingAfter(3, 503, "a", "b")).hasMessageContaining("events");
    assertThatThrownBy(() -> s.delay(Duration.ofSeconds(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> s.fail(429, null, Duration.ofSeconds(-1)))
        .hasMessageContaining("retryAfter");
    assertThat(s.pending()).isZero();
  }

  @Test
  void capabilitiesAreWhatTheScriptSays() {
    assertThat(a.capabilities()).isEqualTo(Capabilities.unknown());
    Capabilities noImages = Capabilities.unknown().with(Capability.IMAGES, false);
    fake.model("a").capabilities(noImages);
    assertThat(a.capabilities()).isEqualTo(noImages);
  }

  @Test
  void everyRequestIsRecordedWithItsModel() {
    Model b = fake.open("b", clock);
    fake.model("a").defaultReply("A");
    fake.model("b").defaultReply("B");
    Request second = HELLO.followedBy(Message.assistant("A"), Message.user("more"));

    a.call(HELLO);
    b.call(HELLO);
    a.stream(second).close();

    assertThat(fake.requests())
        .extracting(FakeRequest::modelId, FakeRequest::request, FakeRequest::streamed)
        .containsExactly(
            tuple("a", HELLO, false), tuple("b", HELLO, false), tuple("a", second, true));
    assertThat(fake.requests("a")).containsExactly(HELLO, second);
    assertThat(fake.requests("b")).containsExactly(HELLO);
    assertThat(fake.requests("nobody")).isEmpty();
  }

  @Test
  void aDsnModelPlaysTheScriptOfItsIdWithItsOwnTarget() {
    ModelSpec dsn =
        new ModelSpec(
            "fake",
            Secret.of("sk-secret-123"),
            "gateway.test",
            8443,
            "a",
            true,
            null,
            null,
            Map.of());
    Model viaDsn = fake.open(dsn, new FakeContext(clock));
    Model noId = fake.open(ModelSpec.of("fake", null), new FakeContext(clock));
    fake.model("a").reply("scripted for a");
    fake.model(FakeProvider.DEFAULT_MODEL).reply("default model");

    assertThat(viaDsn.call(HELLO).text()).isEqualTo("scripted for a");
    assertThat(noId.call(HELLO).text()).isEqualTo("default model");
    assertThat(fake.requests().get(0).target())
        .isEqualTo(new Target("fake", "gateway.test", 8443, "a"));
    assertThat(fake.requests().get(1).modelId()).isEqualTo("default");
    // No token anywhere.
    assertThat(viaDsn.toString() + fake + fake.model("a") + fake.requests())
        .doesNotContain("sk-secret-123");
    assertThat(viaDsn).hasToString("FakeModel[fake://gateway.test:8443/a]");
  }

  @Test
  void toStringSummarisesTheScripts() {
    fake.model("b").reply("x").reply("y").defaultReply("z");
    fake.model("a");
    assertThat(fake).hasToString("FakeProvider[models=[a, b], requests=0]");
    assertThat(fake.model("b")).hasToString("FakeModelScript[b: 2 queued, default reply]");
  }

  @Test
  void resetForgetsScriptsAndRequestsEvenForModelsAlreadyOpen() {
    fake.model("a")
        .reply("old")
        .defaultReply("old default")
        .capabilities(Capabilities.unknown().with(Capability.TOOLS, false));
    a.call(HELLO);

    fake.reset();

    assertThat(fake.requests()).isEmpty();
    assertThat(a.capabilities()).isEqualTo(Capabilities.unknown());
    assertThatThrownBy(() -> a.call(HELLO)).isInstanceOf(LlmException.class);
    fake.model("a").reply("new");
    assertThat(a.call(HELLO).text()).isEqualTo("new");
  }

  @Test
  void concurrentCallersEachConsumeOneOutcome() throws Exception {
    int calls = 2_000;
    for (int i = 0; i < calls; i++) {
      fake.model("a").reply("r" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < calls / 8; i++) {
                    assertThat(seen.add(a.call(HELLO).text())).isTrue();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(calls);
    assertThat(fake.requests("a")).hasSize(calls);
    assertThat(fake.model("a").pending()).isZero();
  }
}
