package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every provider bounds an attempt the same way: the caller's timeout (the request's, else the
 * DSN's) is enforced by the shared deadline thread, for a whole reply and for a stream alike, and
 * never by OkHttp's call timeout, whose watchdog is woken on every call (its failure reads
 * "InterruptedIOException: timeout").
 */
@Timeout(30)
class DeadlinePolicyTest {
  private static final String OKHTTP_WATCHDOG = "InterruptedIOException: timeout";

  private ScriptedServer scripted;

  @BeforeEach
  void start() throws IOException {
    scripted = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    scripted.close();
  }

  private Model model(ProviderBodies wire, String dsnTimeout) {
    String dsn = wire.dsn(scripted.server, "tok-123456");
    if (dsnTimeout != null) {
      dsn += (dsn.contains("?") ? "&" : "?") + "timeout=" + dsnTimeout;
    }
    return Registry.builder()
        .env(Map.of())
        .limits(Limits.DEFAULTS)
        .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
        .model("m", dsn)
        .build()
        .model("m");
  }

  private static LlmException cause(Throwable thrown) {
    if (thrown instanceof LlmException direct) {
      return direct;
    }
    assertThat(thrown).isInstanceOf(ChainExhaustedException.class);
    assertThat(thrown.getSuppressed()).hasSize(1);
    return (LlmException) thrown.getSuppressed()[0];
  }

  private void enqueueLateReply(ProviderBodies wire) {
    scripted.enqueue(
        new MockResponse.Builder()
            .body(wire.reply("late"))
            .headersDelay(5, TimeUnit.SECONDS)
            .build());
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aWholeReplyIsCutAtTheRequestsTimeoutByTheDeadlineThread(ProviderBodies wire) {
    enqueueLateReply(wire);
    Request hurried =
        Request.of(Message.user("hi"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));

    long started = System.nanoTime();
    LlmException e = cause(catchThrowable(() -> model(wire, null).call(hurried)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage())
        .contains("timed out: the call took longer than its limit of 200 ms")
        .doesNotContain(OKHTTP_WATCHDOG);
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aWholeReplyIsCutAtTheDsnsTimeoutByTheDeadlineThread(ProviderBodies wire) {
    enqueueLateReply(wire);

    long started = System.nanoTime();
    LlmException e =
        cause(catchThrowable(() -> model(wire, "200ms").call(Request.of(Message.user("hi")))));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage())
        .contains("timed out: the call took longer than its limit of 200 ms")
        .doesNotContain(OKHTTP_WATCHDOG);
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamIsCutAtTheRequestsTimeoutByTheDeadlineThread(ProviderBodies wire) {
    // Bytes keep coming, so neither the read timeout nor the idle time-out fires.
    String body = wire.stream("z".repeat(20_000));
    scripted.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", wire.streamType())
            .body(body)
            .throttleBody(body.length() / 100, 100, TimeUnit.MILLISECONDS)
            .build());
    Request hurried =
        Request.of(Message.user("hi"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(400)));

    long started = System.nanoTime();
    Throwable thrown =
        catchThrowable(
            () -> {
              try (ResponseStream stream = model(wire, null).stream(hurried)) {
                while (stream.hasNext()) {
                  stream.next();
                }
              }
            });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    LlmException e = cause(thrown);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage())
        .contains("timed out: the call took longer than its limit of 400 ms")
        .doesNotContain(OKHTTP_WATCHDOG);
  }
}
