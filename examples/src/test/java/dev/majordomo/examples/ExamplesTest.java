package dev.majordomo.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.majordomo.examples.scripted.ScriptedOpenAiServer;
import dev.majordomo.testing.FakeTimeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each example's logic, run as {@code Main} runs it but with an injected environment: Ollama is
 * pointed at a closed port on loopback (or at a stub that lacks the model), so the chain fails over
 * to the scripted endpoint. No network beyond 127.0.0.1, and the registry's clock is fake, so
 * backoff waits are recorded instead of slept.
 */
class ExamplesTest {
  private final FakeTimeSource time = new FakeTimeSource();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private String run(Map<String, String> env, Consumer<ExampleSetup> example) {
    try (ExampleSetup setup = ExampleSetup.create(env, out, time, Duration.ZERO)) {
      setup.printBanner();
      example.accept(setup);
    }
    return output();
  }

  private String run(Consumer<ExampleSetup> example) {
    return run(withoutOllama(), example);
  }

  /** An environment whose Ollama host is a loopback port nothing listens on. */
  private static Map<String, String> withoutOllama() {
    return Map.of("OLLAMA_HOST", "127.0.0.1:" + closedPort());
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static final Pattern SCRIPTED_ANSWER =
      Pattern.compile(
          "Answered by: openai://127\\.0\\.0\\.1:\\d+/scripted-demo \\(the local scripted endpoint:"
              + " a canned answer, not a model\\)");

  private static int scriptedAnswers(String text) {
    Matcher m = SCRIPTED_ANSWER.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void withoutLlmFastTheBannerSaysTheLocalScriptedEndpointIsNotAModel() {
    String text = run(setup -> {});

    assertThat(text)
        .contains("No LLM_FAST variable is set, so the examples use a built-in chain \"fast\":")
        .contains("  1. ollama/llama3.2: a REAL model, if Ollama runs at 127.0.0.1:")
        .containsPattern(
            "  2\\. openai://127\\.0\\.0\\.1:\\d+/scripted-demo: the LOCAL SCRIPTED ENDPOINT")
        .contains("It is not a model.")
        .contains("Set LLM_FAST to use real models");
  }

  @Test
  void quickstartFailsOverFromAnAbsentOllamaThenBenchesIt() {
    String text = run(QuickstartExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(3);
    assertThat(text)
        .contains("> concierge.suggest(\"Lisbon\")")
        .contains("Answer: Scripted reply to \"Suggest one thing to do in Lisbon this evening.\"")
        .contains("Answer: Scripted reply to \"Which is older, Lisbon or Rome?\"");
    // Connection refused is transient: retried once in the first call, once more in the second,
    // which benches Ollama (three failures); the third call skips it.
    assertThat(count(text, "ollama/llama3.2: failed (TRANSIENT): cannot connect")).isEqualTo(3);
    assertThat(count(text, "ollama/llama3.2: skipped: benched until")).isEqualTo(1);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500));
  }

  @Test
  void quickstartMovesOnAtOnceWhenOllamaRunsWithoutTheModel() throws IOException {
    HttpServer ollama =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ollama.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"error\":\"model 'llama3.2' not found\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(404, body.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(body);
          }
        });
    ollama.start();
    try {
      String text =
          run(
              Map.of("OLLAMA_HOST", "127.0.0.1:" + ollama.getAddress().getPort()),
              QuickstartExample::run);

      assertThat(scriptedAnswers(text)).isEqualTo(3);
      assertThat(count(text, "ollama/llama3.2: failed (NOT_FOUND)")).isEqualTo(3);
      assertThat(text).doesNotContain("(TRANSIENT)");
      assertThat(time.sleeps()).isEmpty();
    } finally {
      ollama.stop(0);
    }
  }

  /**
   * An Ollama stand-in that has llama3.2: {@code /api/show} reports completion and tools but no
   * vision, {@code /api/chat} answers (as NDJSON when asked to stream).
   */
  private static HttpServer ollamaWithTheModel() throws IOException {
    HttpServer ollama =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ollama.createContext(
        "/api/show", exchange -> send(exchange, "{\"capabilities\":[\"completion\",\"tools\"]}"));
    ollama.createContext(
        "/api/chat",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String done =
              "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":12,\"eval_count\":6}";
          send(
              exchange,
              request.contains("\"stream\":true")
                  ? "{\"message\":{\"role\":\"assistant\",\"content\":\"Once upon \"},\"done\":false}\n"
                      + "{\"message\":{\"role\":\"assistant\",\"content\":\"a time.\"},"
                      + done
                      + "\n"
                  : "{\"message\":{\"role\":\"assistant\",\"content\":\"Ollama here.\"}," + done);
        });
    ollama.start();
    return ollama;
  }

  private static void send(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Test
  void withOllamaAndTheModelARealModelAnswersAndImagesGoToTheScriptedEndpoint() throws IOException {
    HttpServer ollama = ollamaWithTheModel();
    try {
      List<String> failed =
          Main.run(
              Map.of("OLLAMA_HOST", "127.0.0.1:" + ollama.getAddress().getPort()),
              out,
              time,
              Duration.ZERO);

      String text = output();
      assertThat(failed).isEmpty();
      // Quickstart (3 calls), tools (1), streaming (1), chat memory (3) and MCP tools (1) are
      // answered by Ollama.
      assertThat(count(text, "Answered by: ollama/llama3.2 (a real model, served by Ollama)"))
          .isEqualTo(9);
      assertThat(text).contains("Answer: Ollama here.").contains("Once upon a time.");
      // llama3.2 has no vision: both image calls skip it and reach the scripted endpoint.
      assertThat(count(text, "ollama/llama3.2: skipped: no image support")).isEqualTo(2);
      assertThat(scriptedAnswers(text)).isEqualTo(2);
      assertThat(text).doesNotContain("ollama/llama3.2: failed");
    } finally {
      ollama.stop(0);
    }
  }

  @Test
  void toolsRunTheToolClassAndTheDefaultMethodThenTheAnswerUsesTheirResults() {
    String text = run(ToolsExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(1);
    assertThat(text)
        .contains("Answer: Scripted answer built from 4 tool results:")
        .contains(
            "  round 1: weather{\"city\":\"London\"} → {\"city\":\"London\",\"celsius\":12.0,"
                + "\"summary\":\"cloudy, showers in the afternoon\",\"rain\":true}")
        .contains("  round 1: convert{\"amount\":300,\"from\":\"EUR\",\"to\":\"GBP\"} → 255.00")
        .contains(
            "  round 1: packingList{\"celsius\":12,\"rain\":true} →"
                + " [\"passport\",\"phone charger\",\"light jacket\",\"umbrella\"]")
        .containsPattern("  round 1: localTime\\{\"city\":\"London\"} → \\d\\d:\\d\\d");
    // Two rounds, each answered by the scripted endpoint.
    assertThat(count(text, "/scripted-demo: succeeded")).isEqualTo(2);
  }

  @Test
  void theMcpServerRunsAsASubprocessAndItsToolIsCalledBesideTheToolMethod() {
    String text = run(McpExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(1);
    assertThat(text)
        .contains("=== Example 7: tools from an MCP server (a subprocess over stdio) ===")
        .contains("Answer: Scripted answer built from 2 tool results:")
        .contains(
            "  units_convert_length{\"value\":10,\"from\":\"km\",\"to\":\"mi\"} → 10 km = 6.214 mi")
        .contains("  pace{\"km\":10,\"minutes\":55} → 5:30");
    // The assistant's close() ended the server it was given.
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void structuredOutputDecodesIntoTheRecordAndTheImageIsAcknowledged() {
    String text = run(StructuredOutputExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(2);
    assertThat(text)
        .contains("Image: receipt.png, image/png, ")
        .contains(
            "Decoded: merchant=merchant (scripted), date=2026-03-14, 1 item(s), total=2.5 EUR,"
                + " category=FOOD")
        .contains("I received one image (image/png, 6.3 KB, 360×420 px)");
  }

  @Test
  void streamingPrintsSeveralPiecesAndWhoAnswered() {
    String text = run(StreamingExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(1);
    assertThat(text)
        .contains("Scripted reply to \"Tell a short story about a lighthouse keeper.\"");
    Matcher pieces = Pattern.compile("\\((\\d+) pieces of text arrived").matcher(text);
    assertThat(pieces.find()).isTrue();
    assertThat(Integer.parseInt(pieces.group(1))).isGreaterThan(3);
    assertThat(text).containsPattern("openai://127\\.0\\.0\\.1:\\d+/scripted-demo answered");
  }

  @Test
  void telemetryPrintsTheSpansOfACallThatFailsOver() {
    String text = run(TelemetryExample::run);

    assertThat(text).contains("=== Example 6: the spans of a call, with OpenTelemetry ===");
    assertThat(count(text, "  span: 'chat llama3.2'")).isEqualTo(2);
    assertThat(count(text, "  span: 'chat scripted-demo'")).isEqualTo(1);
    assertThat(count(text, "  span: 'invoke_agent Concierge'")).isEqualTo(1);
    assertThat(text)
        .contains("error.type=transient", "gen_ai.provider.name=openai")
        .containsPattern("Answer: .+");
    // Each span is printed as it ends: the attempts before the call that holds them.
    assertThat(text.indexOf("'chat scripted-demo'"))
        .isLessThan(text.indexOf("'invoke_agent Concierge'"));
  }

  @Test
  void mainRunsEveryExampleInOrderAndReportsNoFailure() {
    List<String> failed = Main.run(withoutOllama(), out, time, Duration.ZERO);

    String text = output();
    assertThat(failed).isEmpty();
    assertThat(text)
        .containsSubsequence(
            "=== Example 0",
            "Answered by: fake/steady",
            "No LLM_FAST variable is set",
            "=== Example 1",
            "=== Example 2",
            "=== Example 3",
            "=== Example 4",
            "=== Example 5",
            "=== Example 6",
            "span: 'invoke_agent Concierge'",
            "=== Example 7",
            "units_convert_length",
            "All examples ran.");
    assertThat(scriptedAnswers(text)).isEqualTo(11);
  }

  @Test
  void failoverDemoRetriesTheOverloadedTargetAndSkipsTheMissingOne() {
    FailoverDemo.run(out, time);

    assertThat(output())
        .containsSubsequence(
            "event: calling fake/overloaded (attempt 1)",
            "event: retrying fake/overloaded in 20 ms",
            "event: calling fake/overloaded (attempt 2)",
            "event: fake/missing failed (NOT_FOUND)",
            "event: fake/steady answered",
            "Answered by: fake/steady");
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(20));
  }

  @Test
  void withLlmFastTheBannerSaysRealModelsAndNoScriptedEndpointIsStarted() {
    try (ScriptedOpenAiServer elsewhere = ScriptedOpenAiServer.start()) {
      Map<String, String> env = new HashMap<>(withoutOllama());
      env.put("LLM_FAST", elsewhere.dsn());

      String text =
          run(
              env,
              setup -> {
                assertThat(setup.realModels()).isTrue();
                QuickstartExample.run(setup);
              });

      assertThat(text)
          .contains("Running against REAL models: LLM_FAST is set.")
          .contains(
              "The chain \"fast\" is: [openai://127.0.0.1:" + elsewhere.port() + "/scripted-demo].")
          .doesNotContain("No LLM_FAST")
          .doesNotContain(ScriptedOpenAiServer.TOKEN);
      assertThat(count(text, "Answered by: openai://127.0.0.1:" + elsewhere.port())).isEqualTo(3);
    }
  }

  @Test
  void theConversationSendsEachCustomersHistoryAndForgetsIt() {
    String text = run(ConversationExample::run);

    assertThat(scriptedAnswers(text)).isEqualTo(3);
    assertThat(text)
        .contains("> desk.answer(\"alice\", \"Which order did I ask about?\")")
        .contains("Stored for alice (desk.history(\"alice\")):")
        .contains("  USER: Hi, I am Alice. My order A-1 has not arrived.")
        .contains("After desk.forget(\"alice\"): 0 messages");
    // alice's first call and bob's send no history; alice's second sends her first turn
    assertThat(count(text, "Messages sent: 2 (system prompt, 0 of history, the question)"))
        .isEqualTo(2);
    assertThat(count(text, "Messages sent: 4 (system prompt, 2 of history, the question)"))
        .isEqualTo(1);
  }

  @Test
  void aChainWhoseOnlyTargetHasNoKeyIsReportedAndMainCarriesOn() {
    Map<String, String> env = Map.of("LLM_FAST", "openai/gpt-4o-mini");

    List<String> failed = Main.run(env, out, time, Duration.ZERO);

    // A missing key does not fail resolution: every call skips the target, saying why.
    assertThat(failed)
        .containsExactly(
            "1 (quickstart)",
            "2 (tools)",
            "3 (structured output and images)",
            "4 (streaming)",
            "5 (chat memory)",
            "6 (traces with OpenTelemetry)",
            "7 (tools from an MCP server)");
    assertThat(output())
        .contains("The chain \"fast\" is: [openai/gpt-4o-mini].")
        .contains("skipped: no credentials: set OPENAI_API_KEY or put a token in the DSN")
        .contains("Examples that failed: 1 (quickstart), 2 (tools),");
  }
}
