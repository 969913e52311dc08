package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every span this module starts is ended, whichever way a call ends (a stream closed early or read
 * on another thread, a tool that throws an exception or an {@link Error}, a call no target
 * answers), and no span is left current on the caller's thread afterwards.
 */
@SuppressWarnings("try") // A scope is opened for what it makes current; the body never names it.
class SpanLifecycleTest {

  @Llm(chain = "openai/gpt-4o-mini")
  interface Concierge {
    @Prompt("Where should I eat in {{city}}?")
    String recommend(String city);

    @Prompt("Describe {{city}}.")
    Stream<String> describe(String city);

    @Prompt("Where should I eat in {{city}}?")
    CompletableFuture<String> recommendAsync(String city);

    @Llm(tools = Broken.class)
    @Prompt("Is it lunch time in {{city}}?")
    String lunch(String city);
  }

  /** A tool that fails the way it is told to. */
  public static final class Broken {
    static volatile RuntimeException exception;
    static volatile Error error;

    @Tool("The local time in a city")
    public String localTime(String city) {
      if (error != null) {
        throw error;
      }
      throw exception;
    }
  }

  /** A fault of the application's, thrown through the runtime. */
  static final class ToolBug extends Error {
    private static final long serialVersionUID = 1L;

    ToolBug() {
      super("the tool broke");
    }
  }

  /** Spans started and not yet ended, by span id. */
  private final Set<String> open = ConcurrentHashMap.newKeySet();

  /** Counted down when an attempt's span ends, on whichever thread ends it. */
  private final CountDownLatch attemptEnded = new CountDownLatch(1);

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(
                      new SpanProcessor() {
                        @Override
                        public void onStart(Context parentContext, ReadWriteSpan span) {
                          open.add(span.getSpanContext().getSpanId());
                        }

                        @Override
                        public boolean isStartRequired() {
                          return true;
                        }

                        @Override
                        public void onEnd(ReadableSpan span) {
                          open.remove(span.getSpanContext().getSpanId());
                          if (span.getName().startsWith("chat ")) {
                            attemptEnded.countDown();
                          }
                        }

                        @Override
                        public boolean isEndRequired() {
                          return true;
                        }
                      })
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build())
          .build();
  private final MockWebServer openai = new MockWebServer();
  private Concierge concierge;

  @BeforeEach
  void start() throws Exception {
    openai.start();
    Broken.exception = null;
    Broken.error = null;
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "OPENAI_API_KEY",
                    "sk-openai-test",
                    "OPENAI_BASE_URL",
                    openai.url("/v1").toString()))
            .time(new FakeTimeSource())
            .observer(MajordomoTelemetry.create(sdk))
            .build();
    concierge = Assistants.create(Concierge.class, registry);
  }

  @AfterEach
  void stop() {
    openai.close();
    sdk.close();
  }

  private List<String> names() {
    return exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private void assertAllEndedAndNothingCurrent() {
    assertThat(open).as("spans started and never ended").isEmpty();
    assertThat(Span.current().getSpanContext().isValid()).as("a span left current").isFalse();
  }

  @Test
  void aCallNoTargetAnswers() {
    openai.enqueue(Loopback.unavailable());
    openai.enqueue(Loopback.unavailable());

    assertThatThrownBy(() -> concierge.recommend("Lyon")).isNotNull();

    assertAllEndedAndNothingCurrent();
    assertThat(names()).contains("chat gpt-4o-mini", "invoke_agent Concierge");
  }

  @Test
  void aStreamClosedAfterItsFirstChunk() {
    openai.enqueue(Loopback.openAiStream("Lisbon ", "is ", "bright."));

    try (Stream<String> text = concierge.describe("Lisbon")) {
      assertThat(text.iterator().next()).isEqualTo("Lisbon ");
    }

    assertAllEndedAndNothingCurrent();
    assertThat(names()).containsExactlyInAnyOrder("chat gpt-4o-mini", "invoke_agent Concierge");
  }

  @Test
  void aStreamOpenedUnderARequestAndReadOnAnotherThread() throws Exception {
    openai.enqueue(Loopback.openAiStream("Lisbon ", "is ", "bright."));
    Span request = sdk.getTracer("app").spanBuilder("GET /describe").startSpan();
    Stream<String> text;
    try (io.opentelemetry.context.Scope inRequest = request.makeCurrent()) {
      text = concierge.describe("Lisbon");
    }
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      String read =
          CompletableFuture.supplyAsync(
                  () -> {
                    try (text) {
                      Iterator<String> pieces = text.iterator();
                      StringBuilder all = new StringBuilder();
                      pieces.forEachRemaining(all::append);
                      return all.toString();
                    }
                  },
                  reader)
              .get();
      assertThat(read).isEqualTo("Lisbon is bright.");
      assertThat(
              CompletableFuture.supplyAsync(() -> Span.current().getSpanContext().isValid(), reader)
                  .get())
          .as("a span left current on the reading thread")
          .isFalse();
    } finally {
      reader.shutdownNow();
    }
    request.end();

    assertAllEndedAndNothingCurrent();
    SpanData agent =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("invoke_agent Concierge"))
            .findFirst()
            .orElseThrow();
    SpanData chat =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("chat gpt-4o-mini"))
            .findFirst()
            .orElseThrow();
    assertThat(agent.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(chat.getParentSpanId()).isEqualTo(agent.getSpanId());
  }

  @Test
  void aToolThatThrowsAnException() {
    Broken.exception = new IllegalStateException("no clock");
    openai.enqueue(Loopback.openAiToolCall("call_1", "localTime", "{\"city\":\"Lyon\"}"));
    openai.enqueue(Loopback.openAiText("I cannot tell."));

    concierge.lunch("Lyon");

    assertAllEndedAndNothingCurrent();
    assertThat(names()).contains("execute_tool localTime", "invoke_agent Concierge");
  }

  @Test
  void aToolThatThrowsAnError() {
    Broken.error = new ToolBug();
    openai.enqueue(Loopback.openAiToolCall("call_1", "localTime", "{\"city\":\"Lyon\"}"));

    assertThatThrownBy(() -> concierge.lunch("Lyon")).isInstanceOf(ToolBug.class);

    assertAllEndedAndNothingCurrent();
    assertThat(names())
        .containsExactlyInAnyOrder(
            "chat gpt-4o-mini", "execute_tool localTime", "invoke_agent Concierge");
  }

  @Test
  void anAsynchronousCallCancelledWhileTheProviderThinks() throws Exception {
    CountDownLatch requested = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    openai.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            requested.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Loopback.openAiText("Too late.");
          }
        });
    try {
      CompletableFuture<String> answer = concierge.recommendAsync("Lyon");
      assertThat(requested.await(10, TimeUnit.SECONDS))
          .as("the request reached the server")
          .isTrue();

      answer.cancel(true);

      assertThat(attemptEnded.await(10, TimeUnit.SECONDS)).as("the attempt's span ended").isTrue();
    } finally {
      release.countDown();
    }
    assertAllEndedAndNothingCurrent();
    SpanData agent =
        exporter.getFinishedSpanItems().stream()
            .filter(s -> s.getName().equals("invoke_agent Concierge"))
            .findFirst()
            .orElseThrow();
    assertThat(agent.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo("cancelled");
  }
}
