package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.Registry;
import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainDeadlineException;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.reliability.Faults.Fault;
import dev.majordomo.reliability.Faults.Variant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: for every provider and every fault, a two-target chain on loopback whose first
 * target has the fault and whose second answers. Each cell must end in its specified outcome within
 * the chain's deadline and leave no call, connection or thread behind. The outcomes, and why each
 * is the specified one, are in {@code docs/reliability.md} ("Fault matrix"); the table printed at
 * the end of the run is summarised there.
 *
 * <p>Timeouts are real (the network is real, on loopback) and short: 300 ms per attempt, a 5 s
 * deadline for the whole call. Nothing in the test waits on the clock; servers that stall are
 * released when they close.
 */
class FaultMatrixTest {
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(300);
  static final Duration DEADLINE = Duration.ofSeconds(5);
  static final Duration RETRY_AFTER_CAP = Duration.ofMillis(100);
  static final Duration SHORT_DEADLINE = Duration.ofSeconds(1);
  static final Duration DEADLINE_SLACK = Duration.ofMillis(500);
  static final FailoverPolicy POLICY =
      FailoverPolicy.DEFAULT
          .withTransientRetries(1)
          .withBackoffBase(Duration.ofMillis(10))
          .withBackoffMax(Duration.ofMillis(50))
          .withRetryAfterCap(RETRY_AFTER_CAP)
          .withDeadline(DEADLINE);

  static final String FROM_A = "from-a";
  static final String ANSWER = "from-b";

  private static OkHttpClient client;
  private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

  @BeforeAll
  static void client() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequestsPerHost(64);
    client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .connectionPool(new ConnectionPool(8, 1, TimeUnit.MINUTES))
            .build();
    // One healthy exchange per provider first, so that class loading is not timed in the table.
    for (Wire wire : Wire.values()) {
      try (LoopbackServer healthy = new LoopbackServer(r -> healthyAnswer(wire, r))) {
        Registry registry = registry(wire, healthy.port(), null, healthy.port(), null, e -> {});
        assertThat(registry.chain("a").call(Request.of(Message.user("hi"))).text())
            .isEqualTo(ANSWER);
      }
    }
    client.connectionPool().evictAll();
  }

  /**
   * A registry whose models {@code a} and {@code b} are the two servers, each with its own attempt
   * timeout ({@code null} for none: the chain's deadline bounds it).
   */
  private static Registry registry(
      Wire wire,
      int portA,
      Duration timeoutA,
      int portB,
      Duration timeoutB,
      ChainListener listener) {
    return Registry.builder()
        .withoutProviderDiscovery()
        .provider(wire.provider())
        .env(Map.of())
        .httpClient(client)
        .failoverPolicy(POLICY)
        .listener(listener)
        .model("a", wire.dsn(portA, timeoutA))
        .model("b", wire.dsn(portB, timeoutB))
        .build();
  }

  @AfterAll
  static void report() {
    client.connectionPool().evictAll();
    client.dispatcher().executorService().shutdown();
    StringBuilder table = new StringBuilder("\n=== Fault matrix (outcome, wall time) ===\n");
    table.append(String.format("%-31s", "fault / variant"));
    for (Wire wire : Wire.values()) {
      table.append(String.format(" | %-22s", wire.label()));
    }
    table.append('\n');
    for (Fault fault : Fault.values()) {
      for (Variant variant : Variant.values()) {
        if (variant == Variant.STREAM_LATE && !fault.midStream) {
          continue;
        }
        table.append(String.format("%-31s", abbreviate(fault, variant)));
        for (Wire wire : Wire.values()) {
          table.append(
              String.format(" | %-22s", RESULTS.getOrDefault(key(wire, fault, variant), "-")));
        }
        table.append('\n');
      }
    }
    for (Fault fault : List.of(Fault.HTTP_503, Fault.STALL)) {
      table.append(
          String.format(
              "%-31s", "every target " + fault.name().toLowerCase(java.util.Locale.ROOT)));
      for (Wire wire : Wire.values()) {
        table.append(
            String.format(" | %-22s", RESULTS.getOrDefault(wire + "/every/" + fault, "-")));
      }
      table.append('\n');
    }
    System.out.println(table);
  }

  private static String abbreviate(Fault fault, Variant variant) {
    String v =
        switch (variant) {
          case CALL -> "call";
          case STREAM_EARLY -> "stream<1st";
          case STREAM_LATE -> "stream>1st";
        };
    return fault.name().toLowerCase(java.util.Locale.ROOT) + " " + v;
  }

  private static String key(Wire wire, Fault fault, Variant variant) {
    return wire + "/" + fault + "/" + variant;
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Wire wire : Wire.values()) {
      for (Fault fault : Fault.values()) {
        for (Variant variant : Variant.values()) {
          if (variant != Variant.STREAM_LATE || fault.midStream) {
            cells.add(Arguments.of(wire, fault, variant));
          }
        }
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cells")
  void eachFaultEndsInItsSpecifiedOutcomeWithinTheDeadlineAndLeaksNothing(
      Wire wire, Fault fault, Variant variant) {
    Leaks leaks = Leaks.watch(client);
    List<ChainEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (LoopbackServer faulty =
            new LoopbackServer((server, r) -> Faults.answer(wire, fault, variant, server, FROM_A));
        LoopbackServer healthy = new LoopbackServer(r -> healthyAnswer(wire, r))) {
      int portA = fault == Fault.CONNECTION_REFUSED ? LoopbackServer.closedPort() : faulty.port();
      // Only the faulty target has the short timeout: the healthy one must not miss it on a busy
      // machine, and the deadline bounds it anyway.
      Registry registry = registry(wire, portA, ATTEMPT_TIMEOUT, healthy.port(), null, events::add);
      Chain chain = registry.chain("a,b");
      Target a = chain.targets().get(0);
      Target b = chain.targets().get(1);
      Request request = Request.of(Message.user("hello"));

      long started = System.nanoTime();
      String outcome;
      if (variant == Variant.STREAM_LATE) {
        outcome = assertTypedErrorAfterFirstEvent(chain, request, a, leaks);
        assertThat(registry.health().state(a).consecutiveFailures())
            .as("a stream that failed after its first event counts as a failure")
            .isEqualTo(1);
        assertThat(healthy.requests).as("no failover after the first event").isEmpty();
      } else {
        Response reply =
            variant == Variant.CALL ? chain.call(request) : chain.stream(request).collect();
        outcome = assertFailover(reply, a, b);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      assertThat(elapsed).as("the cell ends within the chain's deadline").isLessThan(DEADLINE);
      if (fault != Fault.CONNECTION_REFUSED) {
        assertThat(faulty.requests).as("the fault was served").isNotEmpty();
        assertThat(faulty.requests).allSatisfy(r -> assertPath(wire, r));
      }
      if (fault == Fault.RATE_LIMITED_429) {
        assertThat(events)
            .as("Retry-After: 1 is honoured up to the policy's cap")
            .contains(new ChainEvent.Retrying(a, 2, RETRY_AFTER_CAP));
      }
      leaks.assertNoCallOrConnection();
      RESULTS.put(key(wire, fault, variant), outcome + " " + elapsed.toMillis() + " ms");
    }
    client.connectionPool().evictAll();
    leaks.assertNothingLeaked();
  }

  /**
   * When every target fails, the call ends in one typed error: {@link ChainExhaustedException}
   * listing each target when they fail fast, {@link ChainDeadlineException} when they stall and
   * only the chain's deadline (no per-target timeout) bounds them.
   */
  @ParameterizedTest(name = "{0} every target {1}")
  @MethodSource("everyTargetFails")
  void whenEveryTargetFailsTheCallEndsInOneTypedErrorWithinTheDeadline(Wire wire, Fault fault) {
    Leaks leaks = Leaks.watch(client);
    try (LoopbackServer a =
            new LoopbackServer(
                (server, r) -> Faults.answer(wire, fault, Variant.CALL, server, FROM_A));
        LoopbackServer b =
            new LoopbackServer(
                (server, r) -> Faults.answer(wire, fault, Variant.CALL, server, FROM_A))) {
      boolean stall = fault == Fault.STALL;
      Duration timeout = stall ? null : ATTEMPT_TIMEOUT;
      Registry registry = registry(wire, a.port(), timeout, b.port(), timeout, e -> {});
      Chain chain = registry.chain("a,b", POLICY.withDeadline(SHORT_DEADLINE));
      long started = System.nanoTime();
      Throwable error = catchThrowable(() -> chain.call(Request.of(Message.user("hello"))));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

      assertThat(error).isInstanceOf(ChainExhaustedException.class);
      ChainExhaustedException exhausted = (ChainExhaustedException) error;
      assertThat(exhausted.attempts()).extracting(Attempt::target).containsAll(chain.targets());
      if (stall) {
        assertThat(error).isInstanceOf(ChainDeadlineException.class);
        assertThat(exhausted.attempts())
            .extracting(Attempt::outcome, Attempt::detail)
            .contains(tuple(Attempt.Outcome.SKIPPED, "deadline passed"));
      } else {
        assertThat(exhausted.attempts())
            .filteredOn(x -> x.outcome() == Attempt.Outcome.FAILED)
            .extracting(Attempt::errorKind)
            .containsOnly(ErrorKind.TRANSIENT);
      }
      assertThat(elapsed)
          .as("the deadline bounds the call, slack included")
          .isLessThan(SHORT_DEADLINE.plus(DEADLINE_SLACK));
      leaks.assertNoCallOrConnection();
      RESULTS.put(
          wire + "/every/" + fault,
          error.getClass().getSimpleName().replace("Exception", "")
              + " "
              + elapsed.toMillis()
              + " ms");
    }
    client.connectionPool().evictAll();
    leaks.assertNothingLeaked();
  }

  static Stream<Arguments> everyTargetFails() {
    List<Arguments> cells = new ArrayList<>();
    for (Wire wire : Wire.values()) {
      cells.add(Arguments.of(wire, Fault.HTTP_503));
      cells.add(Arguments.of(wire, Fault.STALL));
    }
    return cells.stream();
  }

  /** Only the provider's chat endpoint is called (and Ollama's capability probe, once). */
  private static void assertPath(Wire wire, RecordedRequest r) {
    if (wire == Wire.OLLAMA && r.getUrl().encodedPath().equals("/api/show")) {
      return;
    }
    assertThat(r.getUrl().encodedPath()).isEqualTo(wire.path);
  }

  /** The reply came from the second target, after the first failed with a transient error. */
  private static String assertFailover(Response reply, Target a, Target b) {
    assertThat(reply.text()).isEqualTo(ANSWER);
    assertThat(reply.answeredBy()).isEqualTo(b);
    List<Attempt> attempts = reply.attempts();
    assertThat(attempts.get(0).target()).isEqualTo(a);
    assertThat(attempts.get(0).outcome()).isEqualTo(Attempt.Outcome.FAILED);
    assertThat(attempts)
        .filteredOn(x -> x.target().equals(a))
        .as("the first target is retried once, as the policy says, then passed over")
        .hasSize(2)
        .allSatisfy(
            x -> {
              assertThat(x.errorKind()).isEqualTo(ErrorKind.TRANSIENT);
              assertThat(x.error()).isInstanceOf(LlmException.class);
              assertThat(((LlmException) x.error()).target()).contains(a);
            });
    assertThat(attempts.get(attempts.size() - 1))
        .extracting(Attempt::target, Attempt::outcome)
        .containsExactly(b, Attempt.Outcome.SUCCEEDED);
    return "b answers";
  }

  /**
   * The stream's first event came from the first target; the fault then reaches the reader as a
   * typed, transient error naming that target, and the connection is already released before the
   * reader closes the stream.
   */
  private static String assertTypedErrorAfterFirstEvent(
      Chain chain, Request request, Target a, Leaks leaks) {
    ResponseStream stream = chain.stream(request);
    try {
      assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta(FROM_A));
      Throwable error =
          catchThrowable(
              () -> {
                while (stream.hasNext()) {
                  stream.next();
                }
              });
      assertThat(error).isInstanceOf(LlmException.class);
      LlmException e = (LlmException) error;
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.target()).contains(a);
      leaks.assertNoCallOrConnection();
      return "typed error (" + e.kind() + ")";
    } finally {
      stream.close();
    }
  }

  private static MockResponse healthyAnswer(Wire wire, RecordedRequest request) {
    if (wire.wantsStream(request)) {
      return Faults.body(wire.streamContentType(), wire.stream("from-", "b")).build();
    }
    return Faults.body("application/json", wire.reply(ANSWER)).build();
  }
}
