package dev.majordomo.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.internal.http.BaseUrl;
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
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.llm.Usage;
import dev.majordomo.media.Image;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OllamaProviderTest {
  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");
  private static final String HI =
      "{\"model\":\"llama3.2\",\"created_at\":\"2025-01-01T00:00:00.000000Z\",\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"Hi!\"},\"done\":true,\"done_reason\":\"stop\","
          + "\"total_duration\":250000000,\"load_duration\":1000000,\"prompt_eval_count\":27,"
          + "\"prompt_eval_duration\":50000000,\"eval_count\":3,\"eval_duration\":40000000}";

  private final MockWebServer server = new MockWebServer();
  private final List<Call> cancelled = new CopyOnWriteArrayList<>();
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .eventListener(
              new EventListener() {
                @Override
                public void canceled(Call call) {
                  cancelled.add(call);
                }
              })
          .build();
  private final FakeTimeSource time = new FakeTimeSource();
  private final Map<String, String> env = new HashMap<>();
  private final OllamaProvider provider = new OllamaProvider();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private ModelSpec spec(String model) {
    return new ModelSpec(
        "ollama", null, server.getHostName(), server.getPort(), model, null, null, null, Map.of());
  }

  private TestProviderContext context(OkHttpClient http) {
    return new TestProviderContext(env, time, http);
  }

  private Model open(ModelSpec spec) {
    return provider.open(spec, context(client));
  }

  private Model model() {
    return open(spec("llama3.2"));
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static JsonNode body(RecordedRequest r) {
    return json(r.getBody().utf8());
  }

  private void reply(String json) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/json")
            .body(json)
            .build());
  }

  private void replyLines(String... lines) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/x-ndjson")
            .body(String.join("\n", lines) + "\n")
            .build());
  }

  private static String piece(String content) {
    return "{\"model\":\"llama3.2\",\"created_at\":\"2025-07-07T20:22:19Z\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"done\":false}";
  }

  private static final String DONE_LINE =
      "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
          + "\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":282}";

  @Test
  void aPlainReplyIsAPostToApiChatOverPlainHttp() throws Exception {
    reply(HI);
    Response r =
        model()
            .call(
                Request.of(Message.user("Say hi"))
                    .withOptions(
                        GenerationOptions.DEFAULTS.withTemperature(0.0).withMaxTokens(16)));
    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.usage()).isEqualTo(new Usage(27, 3, 0, 0));
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);

    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().scheme()).isEqualTo("http");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/api/chat");
    assertThat(sent.getHeaders().get("content-type")).startsWith("application/json");
    assertThat(sent.getHeaders().get("authorization")).isNull();
    assertThat(body(sent))
        .isEqualTo(
            json(
                "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
                    + "\"options\":{\"temperature\":0.0,\"num_predict\":16},\"stream\":false}"));
  }

  @Test
  void aMultiTurnConversationIsSentInOrderWithItsSystemMessage() throws Exception {
    reply(HI);
    model()
        .call(
            Request.of(
                Message.system("Be terse."),
                Message.user("2+2?"),
                Message.assistant("4"),
                Message.user("3+3?")));
    JsonNode messages = body(take()).get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(0)).isEqualTo(json("{\"role\":\"system\",\"content\":\"Be terse.\"}"));
    assertThat(messages.get(2)).isEqualTo(json("{\"role\":\"assistant\",\"content\":\"4\"}"));
    assertThat(messages.get(3)).isEqualTo(json("{\"role\":\"user\",\"content\":\"3+3?\"}"));
  }

  @Test
  void aToolRoundTripKeepsTheCallIdAndSendsTheResultAsAToolMessage() throws Exception {
    reply(
        "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
            + "[{\"id\":\"call_ab12cd34\",\"function\":{\"index\":0,\"name\":\"get_weather\","
            + "\"arguments\":{\"city\":\"Tokyo\"}}}]},\"done\":true,\"done_reason\":\"stop\","
            + "\"prompt_eval_count\":40,\"eval_count\":12}");
    Model model = model();
    Request first = Request.of(Message.user("Weather in Tokyo?")).withTools(List.of(WEATHER));
    Response r1 = model.call(first);
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    Part.ToolCall call = r1.toolCalls().get(0);
    assertThat(call)
        .isEqualTo(new Part.ToolCall("call_ab12cd34", "get_weather", "{\"city\":\"Tokyo\"}"));
    assertThat(body(take()).at("/tools/0/function/name").asText()).isEqualTo("get_weather");

    reply(HI);
    model.call(
        first.followedBy(
            r1.message(),
            Message.toolResults(List.of(Part.ToolResult.success(call, "11 degrees celsius")))));
    JsonNode messages = body(take()).get("messages");
    assertThat(messages.get(1))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_ab12cd34\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Tokyo\"}}}]}"));
    assertThat(messages.get(2))
        .isEqualTo(
            json(
                "{\"role\":\"tool\",\"content\":\"11 degrees celsius\",\"tool_name\":\"get_weather\","
                    + "\"tool_call_id\":\"call_ab12cd34\"}"));
  }

  @Test
  void aStreamedToolRoundTripDeliversWholeCallsThenText() throws Exception {
    replyLines(
        "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
            + "[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}}]},\"done\":false}",
        DONE_LINE);
    Model model = model();
    Request first = Request.of(Message.user("Weather in Oslo?")).withTools(List.of(WEATHER));
    Response r1 = model.stream(first).collect();
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    Part.ToolCall call = r1.toolCalls().get(0);
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(call.argumentsJson()).isEqualTo("{\"city\":\"Oslo\"}");
    assertThat(call.id()).matches("call_[a-z0-9]{8}");
    assertThat(body(take()).get("stream").asBoolean()).isTrue();

    replyLines(piece("It is"), piece(" 5C."), DONE_LINE);
    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s =
        model.stream(
            first.followedBy(
                r1.message(), Message.toolResults(List.of(Part.ToolResult.success(call, "5C")))))) {
      s.forEachRemaining(events::add);
    }
    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("It is"),
            new StreamEvent.TextDelta(" 5C."),
            new StreamEvent.UsageEvent(new Usage(26, 282, 0, 0)),
            new StreamEvent.Done(FinishReason.STOP, null, "llama3.2"));
    JsonNode messages = body(take()).get("messages");
    assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo(call.id());
    assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo(call.id());
  }

  @Test
  void structuredOutputSendsTheSchemaAsFormatAndReturnsTheJsonText() throws Exception {
    reply(
        "{\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"days\\\": 3}\"},\"done\":true,"
            + "\"done_reason\":\"stop\"}");
    ResponseSchema schema =
        new ResponseSchema(
            "plan",
            "{\"type\":\"object\",\"properties\":{\"days\":{\"type\":\"integer\"}},"
                + "\"required\":[\"days\"]}");
    Response r = model().call(Request.of(Message.user("Plan")).withResponseSchema(schema));
    assertThat(json(r.text())).isEqualTo(json("{\"days\":3}"));
    assertThat(body(take()).get("format")).isEqualTo(json(schema.json()));
  }

  @Test
  void anImageIsSentAsRawBase64() throws Exception {
    reply(HI);
    byte[] png = TestProviderContext.png(4, 4);
    model()
        .call(
            Request.of(
                Message.user(List.of(Part.text("What?"), Part.image(Image.fromBytes(png))))));
    JsonNode message = body(take()).at("/messages/0");
    assertThat(message.get("content").asText()).isEqualTo("What?");
    assertThat(Base64.getDecoder().decode(message.at("/images/0").asText())).isEqualTo(png);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(404, "model 'llama9' not found", ErrorKind.NOT_FOUND),
        Arguments.of(404, "model \"llama9\" not found, try pulling it first", ErrorKind.NOT_FOUND),
        Arguments.of(400, "invalid format: \"yaml\"", ErrorKind.PERMANENT),
        Arguments.of(
            400,
            "registry.ollama.ai/library/gemma:2b does not support tools",
            ErrorKind.CANNOT_SERVE),
        Arguments.of(400, "this model only supports one image", ErrorKind.CANNOT_SERVE),
        Arguments.of(400, "\"deepseek-r1:7b\" does not support thinking", ErrorKind.CANNOT_SERVE),
        Arguments.of(400, "\"llama3:8b\" does not support images", ErrorKind.CANNOT_SERVE),
        // A model that cannot chat at all (an embedding model put in the chain by mistake) is a
        // misconfigured target: counted, so it is benched instead of being sent every request.
        Arguments.of(400, "\"nomic-embed-text\" does not support chat", ErrorKind.NOT_FOUND),
        Arguments.of(
            400,
            "registry.ollama.ai/library/all-minilm:latest does not support generate",
            ErrorKind.NOT_FOUND),
        Arguments.of(400, "\"bge-m3\" does not support completion", ErrorKind.NOT_FOUND),
        Arguments.of(400, "this model does not support something new", ErrorKind.PERMANENT),
        Arguments.of(401, "unauthorized", ErrorKind.AUTH),
        Arguments.of(403, "cloud access disabled", ErrorKind.AUTH),
        Arguments.of(429, "rate limited", ErrorKind.TRANSIENT),
        Arguments.of(500, "llama runner process has terminated", ErrorKind.TRANSIENT),
        Arguments.of(502, "cloud model unreachable", ErrorKind.TRANSIENT),
        Arguments.of(
            503,
            "server busy, please try again.  maximum pending requests exceeded",
            ErrorKind.TRANSIENT));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("errors")
  void everyErrorStatusIsClassified(int status, String message, ErrorKind kind) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("content-type", "application/json")
            .body(
                "{\"error\":"
                    + com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(message)
                    + "}")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.getMessage()).contains(message);
  }

  @Test
  void retryAfterIsCarriedWhenTheServerSendsIt() {
    server.enqueue(
        new MockResponse.Builder()
            .code(503)
            .setHeader("retry-after", "2")
            .body("{\"error\":\"server busy\"}")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void anErrorBodyThatIsNotJsonIsClassifiedByStatus() {
    server.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.getMessage()).contains("not JSON");
  }

  @Test
  void anErrorLineMidStreamEndsTheStreamAfterTheTextSoFar() {
    replyLines(piece("Hel"), "{\"error\":\"an error was encountered while running the model\"}");
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("error was encountered");
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void aSuccessStatusWithAnErrorBodyIsAnError() {
    reply("{\"error\":\"unexpected server failure\"}");
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("unexpected server failure");
  }

  @Test
  void aReplyThatIsNotJsonIsMalformed() {
    reply("Ollama is running");
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed");
  }

  @Test
  void aStreamWithoutItsDoneLineIsTruncated() {
    replyLines(piece("cut"));
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("cut"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before");
  }

  @Test
  void aDisconnectInTheMiddleOfAStreamIsTransient() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(piece("t".repeat(4000)));
    }
    lines.add(DONE_LINE);
    server.enqueue(
        new MockResponse.Builder()
            .body(String.join("\n", lines) + "\n")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> s.forEachRemaining(event -> {}));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void aRefusedConnectionIsTransient() throws IOException {
    int port = server.getPort();
    server.close();
    Model model =
        provider.open(
            new ModelSpec(
                "ollama", null, "127.0.0.1", port, "llama3.2", null, null, null, Map.of()),
            context(client.newBuilder().retryOnConnectionFailure(false).build()));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void aSlowReplyHitsItsTimeout() {
    server.enqueue(new MockResponse.Builder().body(HI).headersDelay(3, TimeUnit.SECONDS).build());
    Request request =
        Request.of(Message.user("x"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(200)));
    long started = System.nanoTime();
    LlmException e = catchThrowableOfType(LlmException.class, () -> model().call(request));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aSlowStreamHitsTheSpecTimeout() {
    server.enqueue(
        new MockResponse.Builder()
            .body(piece("a") + "\n" + DONE_LINE + "\n")
            .bodyDelay(3, TimeUnit.SECONDS)
            .build());
    Model model =
        open(
            new ModelSpec(
                "ollama",
                null,
                server.getHostName(),
                server.getPort(),
                "llama3.2",
                null,
                Duration.ofMillis(200),
                null,
                Map.of()));
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> model.stream(Request.of(Message.user("x"))).hasNext());
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void closingAStreamCancelsTheHttpCall() {
    server.enqueue(
        new MockResponse.Builder()
            .body(piece("a") + "\n" + piece("b".repeat(5000)) + "\n" + DONE_LINE + "\n")
            .throttleBody(200, 1, TimeUnit.SECONDS)
            .build());
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(cancelled).isEmpty();
    s.close();
    assertThat(cancelled).hasSize(1);
    assertThat(s.hasNext()).isFalse();
  }

  /** Serves /api/show with the given capabilities and counts the calls. */
  private AtomicInteger serveShow(String capabilities, int status) {
    AtomicInteger shows = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/api/show")) {
              shows.incrementAndGet();
              String body =
                  status == 200
                      ? "{\"modelfile\":\"FROM x\",\"details\":{\"family\":\"llama\"},"
                          + "\"model_info\":{\"general.architecture\":\"llama\"},"
                          + capabilities
                          + "\"modified_at\":\"2025-01-01T00:00:00Z\"}"
                      : "{\"error\":\"model 'x' not found\"}";
              return new MockResponse.Builder().code(status).body(body).build();
            }
            return new MockResponse.Builder().body(HI).build();
          }
        });
    return shows;
  }

  @Test
  void capabilitiesComeFromApiShowAskedOnceAndCached() throws Exception {
    AtomicInteger shows = serveShow("\"capabilities\":[\"completion\",\"vision\"],", 200);
    Model model = model();
    assertThat(shows).hasValue(0);
    Capabilities caps = model.capabilities();
    assertThat(caps.known(Capability.IMAGES)).contains(true);
    assertThat(caps.known(Capability.TOOLS)).contains(false);
    assertThat(caps.known(Capability.STRUCTURED_OUTPUT)).contains(true);
    assertThat(model.capabilities()).isEqualTo(caps);
    // Another model object for the same model, from the same provider, shares the answer.
    assertThat(open(spec("llama3.2")).capabilities()).isEqualTo(caps);
    assertThat(shows).hasValue(1);
    RecordedRequest show = take();
    assertThat(show.getMethod()).isEqualTo("POST");
    assertThat(body(show)).isEqualTo(json("{\"model\":\"llama3.2\"}"));

    open(spec("qwen3:8b")).capabilities();
    assertThat(shows).hasValue(2);
  }

  @Test
  void concurrentCallersShareOneProbe() throws Exception {
    AtomicInteger shows = serveShow("\"capabilities\":[\"completion\",\"tools\"],", 200);
    Model model = model();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Capabilities>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(
            () -> {
              go.await();
              return model.capabilities();
            });
      }
      List<Future<Capabilities>> futures = new ArrayList<>();
      tasks.forEach(t -> futures.add(pool.submit(t)));
      go.countDown();
      for (Future<Capabilities> f : futures) {
        assertThat(f.get(10, TimeUnit.SECONDS).known(Capability.TOOLS)).contains(true);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(shows).hasValue(1);
  }

  @Test
  void aFailedProbeLeavesCapabilitiesUnknownAndIsRetriedOnlyAfterAWhile() {
    AtomicInteger shows = serveShow("", 404);
    Model model = model();
    assertThat(model.capabilities()).isEqualTo(Capabilities.unknown());
    assertThat(model.capabilities()).isEqualTo(Capabilities.unknown());
    assertThat(shows).hasValue(1);

    time.advance(Duration.ofSeconds(59));
    assertThat(model.capabilities()).isEqualTo(Capabilities.unknown());
    assertThat(shows).as("not yet: a failed probe is remembered for a minute").hasValue(1);

    serveShow("\"capabilities\":[\"completion\",\"tools\"],", 200);
    time.advance(Duration.ofSeconds(1));
    assertThat(model.capabilities().known(Capability.TOOLS)).contains(true);
    time.advance(Duration.ofHours(1));
    assertThat(model.capabilities().known(Capability.TOOLS))
        .as("a successful probe is kept")
        .contains(true);
  }

  @Test
  void aServerWithoutTheCapabilitiesFieldSaysNothing() {
    serveShow("", 200);
    assertThat(model().capabilities()).isEqualTo(Capabilities.unknown());
  }

  @Test
  void theDefaultEndpointIsPlainHttpOnLocalhost11434() {
    HttpUrl url =
        OllamaModel.baseUrl(ModelSpec.of("ollama", "llama3.2"), context(client)).httpUrl();
    assertThat(url.toString()).isEqualTo("http://localhost:11434/");
  }

  @ParameterizedTest
  @CsvSource({
    "gpu-box, http://gpu-box:11434/",
    "gpu-box:8080, http://gpu-box:8080/",
    "http://gpu-box:11434, http://gpu-box:11434/",
    "http://gpu-box, http://gpu-box/",
    "https://ollama.example.com, https://ollama.example.com/",
    "https://proxy.example.com/ollama, https://proxy.example.com/ollama/",
    "0.0.0.0, http://0.0.0.0:11434/",
    ":11500, http://127.0.0.1:11500/",
    "[::1]:11434, http://[::1]:11434/"
  })
  void ollamaHostIsReadAsTheCliReadsIt(String value, String expected) {
    env.put("OLLAMA_HOST", value);
    assertThat(OllamaModel.baseUrl(ModelSpec.of("ollama", "m"), context(client)).toString())
        .isEqualTo(expected);
  }

  @Test
  void aMalformedOllamaHostIsRejected() {
    env.put("OLLAMA_HOST", "ftp://box");
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class, () -> open(ModelSpec.of("ollama", "m")));
    assertThat(e.getMessage()).contains("OLLAMA_HOST", "neither http nor https");
    env.put("OLLAMA_HOST", "box:port");
    assertThat(
            catchThrowableOfType(
                ProviderConfigException.class, () -> open(ModelSpec.of("ollama", "m"))))
        .hasMessageContaining("not a number");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://user:Pw0rdX@box",
        "Pw0rdX://box",
        "[::1@Pw0rdX",
        "[::1]Pw0rdX",
        "box:Pw0rdX",
        "http://box:Pw0rdX",
        "user:Pw0rdX@box",
        "http://gpu:11434/?token=Pw0rdX",
        "http://gpu:11434?token=Pw0rdX",
        "gpu:11434/ollama#Pw0rdX",
        "gpu?Pw0rdX"
      })
  void aMalformedOllamaHostIsNeverQuoted(String value) {
    // OLLAMA_HOST may hold credentials (user info) or be mistyped around them: name, don't quote.
    env.put("OLLAMA_HOST", value);
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class, () -> open(ModelSpec.of("ollama", "m")));

    assertThat(e).as("refused: %s", value).isNotNull();
    assertThat(e.getMessage()).contains("OLLAMA_HOST").doesNotContain("Pw0rdX");
  }

  @Test
  void ollamaHostFromTheEnvironmentIsUsedWhenTheSpecNamesNoHost() throws Exception {
    env.put("OLLAMA_HOST", server.getHostName() + ":" + server.getPort());
    reply(HI);
    assertThat(open(ModelSpec.of("ollama", "llama3.2")).call(Request.of(Message.user("x"))).text())
        .isEqualTo("Hi!");
    assertThat(take().getUrl().encodedPath()).isEqualTo("/api/chat");
  }

  @Test
  void tlsWithoutAPortMeans443() {
    HttpUrl url =
        OllamaModel.baseUrl(
                new ModelSpec("ollama", null, "box", -1, "m", true, null, "/ollama", Map.of()),
                context(client))
            .httpUrl();
    assertThat(url.toString()).isEqualTo("https://box/ollama/");
  }

  @Test
  void anyNegativePortOfASpecMeansTheSchemesPortAsBefore() {
    // ModelSpec is public and documents -1, but the readers always took any negative as "none".
    BaseUrl url =
        OllamaModel.baseUrl(
            new ModelSpec("ollama", null, "box", -2, "m", true, null, "/ollama", Map.of()),
            context(client));
    assertThat(url.httpUrl().toString()).isEqualTo("https://box/ollama/");
    assertThat(url.endpoint().orElseThrow()).hasToString("https://box:443");
  }

  @Test
  void aTokenIsSentAsBearerAndNeverShown() throws Exception {
    reply(HI);
    Secret token = Secret.of("ollama-cloud-token-abcdef");
    Model model =
        open(
            new ModelSpec(
                "ollama",
                token,
                server.getHostName(),
                server.getPort(),
                "llama3.2",
                null,
                null,
                null,
                Map.of()));
    model.call(Request.of(Message.user("x")));
    assertThat(take().getHeaders().get("authorization"))
        .isEqualTo("Bearer ollama-cloud-token-abcdef");
    assertThat(model.toString()).doesNotContain("ollama-cloud-token-abcdef");
  }

  @Test
  void keepAliveAndNumCtxParametersAreSent() throws Exception {
    reply(HI);
    reply(HI);
    ModelSpec s = spec("llama3.2");
    open(new ModelSpec(
            "ollama",
            null,
            s.host(),
            s.port(),
            s.modelId(),
            null,
            null,
            null,
            Map.of("keep_alive", "10m", "num_ctx", "8192")))
        .call(Request.of(Message.user("x")).withOptions(GenerationOptions.DEFAULTS.withSeed(1L)));
    JsonNode body = body(take());
    assertThat(body.get("keep_alive").asText()).isEqualTo("10m");
    assertThat(body.get("options").toString()).isEqualTo("{\"seed\":1,\"num_ctx\":8192}");

    open(new ModelSpec(
            "ollama",
            null,
            s.host(),
            s.port(),
            s.modelId(),
            null,
            null,
            null,
            Map.of("keep_alive", "-1")))
        .call(Request.of(Message.user("x")));
    JsonNode second = body(take());
    assertThat(second.get("keep_alive").isNumber()).isTrue();
    assertThat(second.get("keep_alive").asLong()).isEqualTo(-1);
  }

  @Test
  void aBadNumCtxIsRejected() {
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class,
            () ->
                open(
                    new ModelSpec(
                        "ollama", null, "h", -1, "m", null, null, null, Map.of("num_ctx", "0"))));
    assertThat(e.getMessage()).contains("num_ctx", "'0'");
    ProviderConfigException unknown =
        catchThrowableOfType(
            ProviderConfigException.class,
            () ->
                open(
                    new ModelSpec(
                        "ollama", null, "h", -1, "m", null, null, null, Map.of("think", "true"))));
    assertThat(unknown.getMessage()).contains("unknown parameter 'think'", "keep_alive", "num_ctx");
    assertThat(provider.parameterKeys()).containsExactlyInAnyOrder("keep_alive", "num_ctx");
  }

  @Test
  void aTokenThatCannotBeSentIsRefusedAtOpenWithoutBeingQuoted() {
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class,
            () ->
                open(
                    new ModelSpec(
                        "ollama",
                        Secret.of("ollama-canary\u00e9"),
                        "h",
                        -1,
                        "m",
                        null,
                        null,
                        null,
                        Map.of())));
    assertThat(e.getMessage()).contains("Authorization").doesNotContain("ollama-canary");
  }

  @Test
  void noModelIdMeansTheDefaultModel() throws Exception {
    reply(HI);
    open(spec(null)).call(Request.of(Message.user("x")));
    assertThat(body(take()).get("model").asText()).isEqualTo(OllamaProvider.DEFAULT_MODEL);
  }
}
