package dev.majordomo.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every contender of every benchmark does the work it is measured for, against the same server: a
 * benchmark that measured an error path or a short cut would be worthless.
 */
class ContendersTest {
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final LoopbackServer server = start();

  private LoopbackServer start() {
    LoopbackServer.Handler canned = Canned.handler();
    try {
      return LoopbackServer.start(
          (method, path, body) -> {
            requests.add(
                method
                    + " "
                    + path
                    + " "
                    + new String(body, java.nio.charset.StandardCharsets.UTF_8));
            return canned.reply(method, path, body);
          });
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void perCallContendersEachMakeOneChatCompletionCall() {
    assertThat(new Floor(server).ask(Canned.QUESTION)).isEqualTo(Canned.ANSWER);
    assertThat(Majordomo.assistant(server).ask(Canned.QUESTION)).isEqualTo(Canned.ANSWER);
    assertThat(LangChain4j.assistant(server).ask(Canned.QUESTION)).isEqualTo(Canned.ANSWER);

    assertThat(requests).hasSize(3);
    assertThat(requests)
        .allSatisfy(
            r ->
                assertThat(r)
                    .startsWith("POST /v1/chat/completions ")
                    .contains(Canned.QUESTION)
                    .containsPattern("\"model\"\\s*:\\s*\"bench\"")
                    .doesNotContain("\"tools\""));
  }

  @Test
  void theReferenceFloorSendsTheProviderHeadersAndStillGetsTheAnswer() {
    Floor headed = Floor.withProviderHeaders(server);

    assertThat(headed.ask(Canned.QUESTION)).isEqualTo(Canned.ANSWER);
    okhttp3.Request request = headed.askRequest(Canned.QUESTION);
    assertThat(request.header("Authorization")).isEqualTo("Bearer tok");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(new Floor(server).askRequest(Canned.QUESTION).headers().size()).isZero();
  }

  @Test
  void toolConversationContendersEachRunThreeRoundsAndBothToolCalls() {
    List<String> answers =
        List.of(
            new Floor(server).trip(Canned.TRIP_QUESTION),
            Majordomo.assistant(server).trip(Canned.TRIP_QUESTION),
            LangChain4j.tripAssistant(server).trip(Canned.TRIP_QUESTION));

    assertThat(answers).containsOnly(Canned.TRIP_ANSWER);
    assertThat(requests).hasSize(9);
    for (int contender = 0; contender < 3; contender++) {
      List<String> rounds = requests.subList(contender * 3, contender * 3 + 3);
      assertThat(rounds.get(0)).contains("\"tools\"").doesNotContain("tool_call_id");
      assertThat(rounds.get(1)).contains("call_paris").contains(Canned.weather("Paris"));
      assertThat(rounds.get(2))
          .contains("call_lyon")
          .contains(Canned.weather("Paris"))
          .contains(Canned.weather("Lyon"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"perCall", "toolConversation"})
  void telemetryRecordsEverySpanOfACallAndLeavesTheRequestsAsTheyWere(String call) {
    Telemetry plain = new Telemetry();
    plain.call = call;
    plain.setUp(server, false);
    Telemetry observed = new Telemetry();
    observed.call = call;
    observed.setUp(server, true);
    try {
      requests.clear();
      String plainAnswer = plain.plain();
      List<String> plainRequests = List.copyOf(requests);
      requests.clear();
      String observedAnswer = observed.withTelemetry();
      List<String> observedRequests = List.copyOf(requests);
      observed.withTelemetry();

      assertThat(observedAnswer).isEqualTo(plainAnswer);
      assertThat(observedRequests).isEqualTo(plainRequests);
      int spansPerCall = call.equals("perCall") ? 2 : 6;
      // setUp's checked call, then the two above
      assertThat(observed.exportedSpans()).isEqualTo(3L * spansPerCall);
    } finally {
      observed.tearDown();
    }
  }

  @Test
  void streamingContendersReadTheWholeStream() throws IOException {
    Streaming streaming = new Streaming();
    streaming.setUp();
    try {
      assertThat(streaming.raw()).isEqualTo(Canned.STREAM_DATA_LINES);
      assertThat(streaming.rawParsed()).isEqualTo(Canned.STREAM_TEXT.length());
      assertThat(streaming.floor()).isEqualTo(Canned.STREAM_TEXT.length());
      assertThat(streaming.majordomo()).isEqualTo(Canned.STREAM_TEXT.length());
    } finally {
      streaming.tearDown();
    }
  }

  @Test
  void theStreamingFloorPassesOnEachChunksTextInOrder() {
    List<String> deltas = new ArrayList<>();

    new Floor(server).streamContent(Canned.QUESTION, deltas::add);

    assertThat(deltas).hasSize(Canned.STREAM_CHUNKS).doesNotContain("");
    assertThat(String.join("", deltas)).isEqualTo(Canned.STREAM_TEXT);
    assertThat(requests).singleElement().asString().contains("\"stream\":true");
  }

  @Test
  void majordomosStreamPassesOnTheSameTextAsTheFloor() {
    StringBuilder text = new StringBuilder();
    dev.majordomo.llm.Model model = Majordomo.registry(server).model("bench");

    try (dev.majordomo.llm.ResponseStream stream =
        model.stream(
            dev.majordomo.llm.Request.of(dev.majordomo.llm.Message.user(Canned.QUESTION)))) {
      stream.forEachRemaining(
          event -> {
            if (event instanceof dev.majordomo.llm.StreamEvent.TextDelta delta) {
              text.append(delta.text());
            }
          });
    }

    assertThat(text.toString()).isEqualTo(Canned.STREAM_TEXT);
  }

  @Test
  void failoverSkipsEveryBenchedTargetAndTheLastAnswers() {
    Failover failover = new Failover();
    failover.targets = 16;
    failover.setUp();

    Response response = failover.call();

    assertThat(response.text()).isEqualTo(Canned.ANSWER);
    assertThat(response.attempts()).hasSize(16);
    assertThat(response.attempts().subList(0, 15))
        .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.SKIPPED));
    assertThat(response.attempts().get(15).outcome()).isEqualTo(Attempt.Outcome.SUCCEEDED);
  }
}
