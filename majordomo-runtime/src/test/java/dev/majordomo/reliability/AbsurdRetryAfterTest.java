package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 429 whose {@code Retry-After} makes no sense is still a rate limit: the header is ignored, the
 * policy's own backoff applies, and the chain fails over. (Before, {@code 1e999999999} threw an
 * {@code ArithmeticException} that the classifier called permanent, ending the whole chain.)
 */
class AbsurdRetryAfterTest {
  private static final Duration BACKOFF = Duration.ofMillis(1);
  private static final FailoverPolicy POLICY =
      FailoverPolicy.DEFAULT
          .withTransientRetries(1)
          .withBackoffBase(BACKOFF)
          .withBackoffMax(BACKOFF)
          .withDeadline(Duration.ofSeconds(10));
  private static final OkHttpClient CLIENT = new OkHttpClient();

  @AfterAll
  static void release() {
    CLIENT.dispatcher().executorService().shutdown();
    CLIENT.connectionPool().evictAll();
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aRateLimitWithAnAbsurdRetryAfterFailsOverWithTheDefaultBackoff(Wire wire) {
    List<ChainEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackServer limited =
            new LoopbackServer(
                r ->
                    Faults.body("application/json", wire.errorBody(429))
                        .code(429)
                        .setHeader("Retry-After", "1e999999999")
                        .setHeader("retry-after-ms", "9e999999999")
                        .build());
        LoopbackServer healthy =
            new LoopbackServer(
                r -> Faults.body("application/json", wire.reply("from-b")).build())) {
      Registry registry =
          Registry.builder()
              .withoutProviderDiscovery()
              .provider(wire.provider())
              .env(Map.of())
              .httpClient(CLIENT)
              .failoverPolicy(POLICY)
              .listener(events::add)
              .model("a", wire.dsn(limited.port(), null))
              .model("b", wire.dsn(healthy.port(), null))
              .build();
      Chain chain = registry.chain("a,b");
      Target a = chain.targets().get(0);

      Response reply = chain.call(Request.of(Message.user("hello")));

      assertThat(reply.text()).isEqualTo("from-b");
      assertThat(limited.requests).hasSize(2);
      assertThat(reply.attempts())
          .filteredOn(x -> x.target().equals(a))
          .hasSize(2)
          .allSatisfy(
              x -> {
                assertThat(x.outcome()).isEqualTo(Attempt.Outcome.FAILED);
                assertThat(x.errorKind()).isEqualTo(ErrorKind.TRANSIENT);
                assertThat(x.error()).isInstanceOf(LlmException.class);
                assertThat(((LlmException) x.error()).retryAfter()).isEmpty();
              });
      assertThat(events).contains(new ChainEvent.Retrying(a, 2, BACKOFF));
    }
  }
}
