package dev.majordomo.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Target;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retry without a refused parameter: its time limit, and two calls learning at once. */
class RefusedParametersTest {
  private static final Target TARGET = Target.of("openai", "o3");

  private final FakeTimeSource clock = new FakeTimeSource();
  private final RefusedParameters refused =
      new RefusedParameters(TARGET, clock, List.of("temperature", "seed"), Map.of());

  private final Logger log = Logger.getLogger(RefusedParameters.class.getName());
  private final List<String> infos = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel() == Level.INFO) {
            infos.add(record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    log.addHandler(capture);
  }

  @AfterEach
  void release() {
    log.removeHandler(capture);
  }

  private static ObjectNode body() {
    ObjectNode body = WireJson.NODES.objectNode();
    body.put("model", "o3");
    body.put("temperature", 0.2);
    return body;
  }

  private static LlmException temperatureRefused() {
    return LlmException.builder(ErrorKind.PERMANENT, "HTTP 400: Unsupported value: 'temperature'")
        .status(400)
        .providerCode("unsupported_value")
        .bodyExcerpt(
            "{\"error\":{\"message\":\"Unsupported value: 'temperature' does not support 0.2\","
                + "\"param\":\"temperature\",\"code\":\"unsupported_value\"}}")
        .target(TARGET)
        .build();
  }

  @Test
  void theRetryGetsWhatIsLeftOfTheAttemptsTimeLimit() {
    List<Duration> limits = new ArrayList<>();
    String answer =
        refused.send(
            body(),
            Duration.ofMillis(1000),
            (b, left) -> {
              limits.add(left);
              if (b.has("temperature")) {
                clock.advance(Duration.ofMillis(300));
                throw temperatureRefused();
              }
              return "ok";
            });

    assertThat(answer).isEqualTo("ok");
    assertThat(limits).containsExactly(Duration.ofMillis(1000), Duration.ofMillis(700));
  }

  @Test
  void noRetryWhenTheRefusalUsedUpTheTimeLimit() {
    List<Duration> limits = new ArrayList<>();
    LlmException e =
        catchThrowableOfType(
            LlmException.class,
            () ->
                refused.send(
                    body(),
                    Duration.ofMillis(1000),
                    (b, left) -> {
                      limits.add(left);
                      clock.advance(Duration.ofMillis(1000));
                      throw temperatureRefused();
                    }));

    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out", "temperature");
    assertThat(limits).hasSize(1);
    // Learnt all the same: the next call leaves it out from the start.
    assertThat(refused.refused()).containsExactly("temperature");
  }

  @Test
  void aServerThatRefusesBothNamesOfTheTokenLimitGetsNeither() {
    RefusedParameters renaming =
        new RefusedParameters(
            TARGET,
            clock,
            List.of("max_tokens", "max_completion_tokens"),
            Map.of("max_tokens", "max_completion_tokens", "max_completion_tokens", "max_tokens"));
    List<String> sent = new ArrayList<>();

    String answer =
        renaming.send(
            WireJson.NODES.objectNode().put("max_tokens", 5),
            null,
            (b, left) -> {
              if (b.isEmpty()) {
                return "ok";
              }
              String name = b.fieldNames().next();
              sent.add(name);
              throw LlmException.builder(ErrorKind.PERMANENT, "HTTP 400")
                  .status(400)
                  .providerCode("unsupported_parameter")
                  .bodyExcerpt("{\"error\":{\"param\":\"" + name + "\"}}")
                  .build();
            });

    assertThat(answer).isEqualTo("ok");
    assertThat(sent).containsExactly("max_tokens", "max_completion_tokens");
  }

  @Test
  void twoCallsThatLearnTheSameRefusalAtOnceBothSucceedAndOneLogs() throws Exception {
    CyclicBarrier bothRefused = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        calls.add(
            pool.submit(
                () ->
                    refused.send(
                        body(),
                        null,
                        (b, left) -> {
                          if (b.has("temperature")) {
                            try {
                              bothRefused.await(5, TimeUnit.SECONDS);
                            } catch (Exception e) {
                              throw new AssertionError(e);
                            }
                            throw temperatureRefused();
                          }
                          return "ok";
                        })));
      }
      for (Future<String> call : calls) {
        assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(infos).hasSize(1);
    assertThat(refused.refused()).containsExactly("temperature");
  }
}
