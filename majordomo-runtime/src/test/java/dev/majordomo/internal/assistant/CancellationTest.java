package dev.majordomo.internal.assistant;

import static dev.majordomo.internal.assistant.TestTools.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.Reply;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Toolbox;
import dev.majordomo.time.TimeSource;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cancelling a call stops its HTTP exchange, not only its thread: against a server that never
 * answers, the connection is closed within a second of the cancel, for every provider.
 */
class CancellationTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(1);
  private static final String SSE_HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
  private static final String NDJSON_HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n";

  private static String dsn(String scheme, int port) {
    return switch (scheme) {
      case "openai" -> "openai://sk-test@127.0.0.1:" + port + "/gpt-4o-mini?tls=false";
      case "anthropic" -> "anthropic://sk-ant-test@127.0.0.1:" + port + "/claude-x?tls=false";
      case "ollama" -> "ollama://127.0.0.1:" + port + "/qwen3:8b";
      default -> throw new IllegalArgumentException(scheme);
    };
  }

  private static AssistantRuntime runtime(String scheme, int port) {
    Registry registry = Registry.builder().env(Map.of("LLM_SILENT", dsn(scheme, port))).build();
    return new AssistantRuntime(CancellationTest.class, c -> registry.chain("silent"), null, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "ollama"})
  void cancellingAnAsyncCallClosesTheConnectionOfAServerThatNeverAnswers(String scheme)
      throws Exception {
    try (SilentServer server = new SilentServer(null)) {
      CompletableFuture<String> future =
          runtime(scheme, server.port())
              .callAsync(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"), ReplyDecoder.TEXT)
              .thenApply(Reply::value);
      Socket socket = server.awaitRequest();

      assertThat(future.cancel(true)).isTrue();

      SilentServer.assertClosedWithin(socket, PROMPTLY);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "ollama"})
  void closingAStreamThatWaitsForItsFirstEventClosesTheConnection(String scheme) throws Exception {
    try (SilentServer server = new SilentServer(scheme.equals("ollama") ? NDJSON_HEAD : SSE_HEAD)) {
      ResponseStream events =
          runtime(scheme, server.port())
              .streamEvents(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"));
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  outcome.set(events.hasNext());
                } catch (RuntimeException e) {
                  outcome.set(e);
                }
              });
      reader.start();
      Socket socket = server.awaitRequest();

      events.close();

      SilentServer.assertClosedWithin(socket, PROMPTLY);
      reader.join(PROMPTLY.toMillis());
      assertThat(reader.isAlive()).as("the reader was released").isFalse();
      assertThat(outcome.get()).as("a closed stream ends quietly").isEqualTo(false);
    }
  }

  @Test
  void closingATextStreamThatWaitsForTheServerClosesTheConnection() throws Exception {
    try (SilentServer server = new SilentServer(null)) {
      Stream<String> text =
          runtime("openai", server.port())
              .streamText(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"));
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  outcome.set(text.toList());
                } catch (RuntimeException e) {
                  outcome.set(e);
                }
              });
      reader.start();
      Socket socket = server.awaitRequest();

      text.close();

      SilentServer.assertClosedWithin(socket, PROMPTLY);
      reader.join(PROMPTLY.toMillis());
      assertThat(reader.isAlive()).isFalse();
      assertThat(outcome.get()).isEqualTo(List.of());
    }
  }

  /** A clock whose sleep blocks until the sleeping thread is interrupted: no real waiting. */
  private static final class BlockingSleepTime implements TimeSource {
    final CountDownLatch sleeping = new CountDownLatch(1);

    @Override
    public Instant now() {
      return Instant.parse("2026-01-01T00:00:00Z");
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      sleeping.countDown();
      new CountDownLatch(1).await();
    }
  }

  @Test
  void closingAStreamDuringTheChainsBackoffEndsTheWaitAtOnce() throws Exception {
    BlockingSleepTime time = new BlockingSleepTime();
    Target target = Target.of("fake", "busy");
    Model busy =
        new Model() {
          @Override
          public Response call(Request request) {
            throw LlmException.http(503, null, "busy");
          }

          @Override
          public ResponseStream stream(Request request) {
            throw LlmException.http(503, null, "busy");
          }
        };
    Chain chain =
        new FailoverChain(
            List.of(new ChainTarget(target, busy)),
            new HealthTracker(HealthPolicy.DEFAULT, time),
            FailoverPolicy.DEFAULT,
            ChainListener.NONE,
            time);
    ResponseStream events =
        new AssistantRuntime(CancellationTest.class, c -> chain, null, null)
            .streamEvents(plan(), Toolbox.empty(), CallPrompt.of(null, "hi"));
    AtomicReference<Object> outcome = new AtomicReference<>();
    AtomicBoolean interruptLeft = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try {
                outcome.set(events.hasNext());
              } catch (RuntimeException e) {
                outcome.set(e);
              }
              interruptLeft.set(Thread.currentThread().isInterrupted());
            });
    reader.start();
    assertThat(time.sleeping.await(10, TimeUnit.SECONDS))
        .as("the chain is in its backoff")
        .isTrue();

    events.close();

    reader.join(PROMPTLY.toMillis());
    assertThat(reader.isAlive()).as("the backoff wait ended").isFalse();
    assertThat(outcome.get()).isEqualTo(false);
    assertThat(interruptLeft).as("closing leaves the reader's thread uninterrupted").isFalse();
  }
}
