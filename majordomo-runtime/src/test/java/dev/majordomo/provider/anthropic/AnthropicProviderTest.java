package dev.majordomo.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.majordomo.media.ImageException;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicProviderTest {
  private static final String KEY = "sk-ant-api03-test-key-0123456789";
  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");

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

  private ModelSpec spec() {
    return new ModelSpec(
        "anthropic",
        Secret.of(KEY),
        server.getHostName(),
        server.getPort(),
        "claude-sonnet-4-5",
        false,
        null,
        null,
        Map.of());
  }

  private Model open(ModelSpec spec) {
    return open(spec, client);
  }

  private Model open(ModelSpec spec, OkHttpClient http) {
    return new AnthropicProvider().open(spec, new TestProviderContext(env, time, http));
  }

  private Model model() {
    return open(spec());
  }

  private static JsonNode json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode body(RecordedRequest request) {
    return json(request.getBody().utf8());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private void reply(String json) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "application/json")
            .body(json)
            .build());
  }

  private static String sse(String... events) {
    StringBuilder s = new StringBuilder();
    for (String e : events) {
      String type = json(e).path("type").asText();
      s.append("event: ").append(type).append('\n').append("data: ").append(e).append("\n\n");
    }
    return s.toString();
  }

  private void replyStream(String body) {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "text/event-stream")
            .body(body)
            .build());
  }

  private static final String TEXT_REPLY =
      "{\"id\":\"msg_01AbCdEf\",\"type\":\"message\",\"role\":\"assistant\","
          + "\"model\":\"claude-sonnet-4-5\",\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],"
          + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":10,"
          + "\"output_tokens\":5,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
          + "\"service_tier\":\"standard\"}}";

  private static final String MESSAGE_START =
      "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
          + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
          + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
          + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}";

  private static String textStream(String... pieces) {
    List<String> events = new ArrayList<>();
    events.add(MESSAGE_START);
    events.add(
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
            + "\"text\":\"\"}}");
    events.add("{\"type\":\"ping\"}");
    for (String p : pieces) {
      events.add(
          "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
              + "\"text\":\""
              + p
              + "\"}}");
    }
    events.add("{\"type\":\"content_block_stop\",\"index\":0}");
    events.add(
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}");
    events.add("{\"type\":\"message_stop\"}");
    return sse(events.toArray(String[]::new));
  }

  @Test
  void aPlainReplyIsAPostToMessagesWithTheKeyAndVersionHeaders() throws Exception {
    reply(TEXT_REPLY);
    Response r =
        model()
            .call(
                Request.of(Message.user("Say hi"))
                    .withOptions(GenerationOptions.DEFAULTS.withMaxTokens(64)));

    assertThat(r.text()).isEqualTo("Hi!");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.usage()).isEqualTo(new Usage(10, 5, 0, 0));

    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.getHeaders().get("content-type")).startsWith("application/json");
    assertThat(sent.getHeaders().get("authorization")).isNull();
    assertThat(body(sent))
        .isEqualTo(
            json(
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Say hi\"}]}]}"));
  }

  @Test
  void aMultiTurnConversationWithASystemPromptIsSentInOrder() throws Exception {
    reply(TEXT_REPLY);
    model()
        .call(
            Request.of(
                Message.system("You are terse."),
                Message.user("2+2?"),
                Message.assistant("4"),
                Message.user("3+3?")));
    JsonNode body = body(take());
    assertThat(body.get("system").asText()).isEqualTo("You are terse.");
    assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
    assertThat(body.get("messages")).hasSize(3);
    assertThat(body.at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(body.at("/messages/1/role").asText()).isEqualTo("assistant");
    assertThat(body.at("/messages/1/content/0/text").asText()).isEqualTo("4");
    assertThat(body.at("/messages/2/content/0/text").asText()).isEqualTo("3+3?");
  }

  @Test
  void aToolRoundTripKeepsTheCallIdFromReplyToResult() throws Exception {
    reply(
        "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},{\"type\":\"tool_use\","
            + "\"id\":\"toolu_01XYZ\",\"name\":\"get_weather\",\"input\":{\"city\":\"Tokyo\"}}],"
            + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":50,\"output_tokens\":20}}");
    Model model = model();
    Request first = Request.of(Message.user("Weather in Tokyo?")).withTools(List.of(WEATHER));
    Response r1 = model.call(first);
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    Part.ToolCall call = r1.toolCalls().get(0);
    assertThat(call)
        .isEqualTo(new Part.ToolCall("toolu_01XYZ", "get_weather", "{\"city\":\"Tokyo\"}"));
    JsonNode firstBody = body(take());
    assertThat(firstBody.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(firstBody.at("/tools/0/input_schema/type").asText()).isEqualTo("object");

    reply(TEXT_REPLY);
    Response r2 =
        model.call(
            first.followedBy(
                r1.message(), Message.toolResults(List.of(Part.ToolResult.success(call, "18C")))));
    assertThat(r2.text()).isEqualTo("Hi!");
    JsonNode second = body(take());
    assertThat(second.at("/messages/1"))
        .isEqualTo(
            json(
                "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01XYZ\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Tokyo\"}}]}"));
    assertThat(second.at("/messages/2"))
        .isEqualTo(
            json(
                "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"toolu_01XYZ\",\"content\":\"18C\"}]}"));
    assertThat(second.has("tools")).isTrue();
  }

  @Test
  void aStreamedToolRoundTripAssemblesTheCallAndStreamsTheAnswer() throws Exception {
    replyStream(
        sse(
            MESSAGE_START,
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_S1\",\"name\":\"get_weather\",\"input\":{}}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"{\\\"city\\\":\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\" \\\"Oslo\\\"}\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                + "\"usage\":{\"output_tokens\":30}}",
            "{\"type\":\"message_stop\"}"));
    Model model = model();
    Request first = Request.of(Message.user("Weather in Oslo?")).withTools(List.of(WEATHER));
    Response r1 = model.stream(first).collect();
    assertThat(r1.toolCalls())
        .containsExactly(new Part.ToolCall("toolu_S1", "get_weather", "{\"city\": \"Oslo\"}"));
    assertThat(r1.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r1.usage()).isEqualTo(new Usage(12, 30, 0, 0));
    RecordedRequest sent = take();
    assertThat(body(sent).get("stream").asBoolean()).isTrue();
    assertThat(sent.getHeaders().get("accept")).isEqualTo("text/event-stream");

    replyStream(textStream("It is ", "5C."));
    Part.ToolCall call = r1.toolCalls().get(0);
    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream s =
        model.stream(
            first.followedBy(
                r1.message(), Message.toolResults(List.of(Part.ToolResult.success(call, "5C")))))) {
      s.forEachRemaining(events::add);
    }
    assertThat(events)
        .containsExactly(
            new StreamEvent.TextDelta("It is "),
            new StreamEvent.TextDelta("5C."),
            new StreamEvent.UsageEvent(new Usage(12, 6, 0, 0)),
            new StreamEvent.Done(FinishReason.STOP, "msg_1", "claude-sonnet-4-5"));
    JsonNode second = body(take());
    assertThat(second.at("/messages/1/content/0/id").asText()).isEqualTo("toolu_S1");
    assertThat(second.at("/messages/1/content/0/input")).isEqualTo(json("{\"city\": \"Oslo\"}"));
    assertThat(second.at("/messages/2/content/0/tool_use_id").asText()).isEqualTo("toolu_S1");
  }

  @Test
  void structuredOutputComesBackAsTheAnswerToolsJsonText() throws Exception {
    reply(
        "{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_A\",\"name\":\"itinerary\","
            + "\"input\":{\"city\":\"Rome\",\"days\":3}}],\"stop_reason\":\"tool_use\","
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":9}}");
    ResponseSchema schema =
        new ResponseSchema(
            "itinerary",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"days\":{\"type\":\"integer\"}},\"required\":[\"city\",\"days\"],"
                + "\"additionalProperties\":false}");
    Response r = model().call(Request.of(Message.user("Plan Rome")).withResponseSchema(schema));
    assertThat(json(r.text())).isEqualTo(json("{\"city\":\"Rome\",\"days\":3}"));
    assertThat(r.hasToolCalls()).isFalse();
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    JsonNode body = body(take());
    assertThat(body.get("tool_choice"))
        .isEqualTo(json("{\"type\":\"tool\",\"name\":\"itinerary\"}"));
    assertThat(body.at("/tools/0/input_schema")).isEqualTo(json(schema.json()));
  }

  @Test
  void anImageIsSentAsABase64Source() throws Exception {
    reply(TEXT_REPLY);
    byte[] png = TestProviderContext.png(3, 2);
    model()
        .call(
            Request.of(
                Message.user(List.of(Part.text("Describe"), Part.image(Image.fromBytes(png))))));
    JsonNode block = body(take()).at("/messages/0/content/1");
    assertThat(block.get("type").asText()).isEqualTo("image");
    assertThat(block.at("/source/type").asText()).isEqualTo("base64");
    assertThat(block.at("/source/media_type").asText()).isEqualTo("image/png");
    assertThat(java.util.Base64.getDecoder().decode(block.at("/source/data").asText()))
        .isEqualTo(png);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(529, "overloaded_error", "Overloaded", ErrorKind.TRANSIENT),
        Arguments.of(413, "request_too_large", "Request too large", ErrorKind.PERMANENT),
        Arguments.of(429, "rate_limit_error", "Rate limited", ErrorKind.TRANSIENT),
        Arguments.of(401, "authentication_error", "invalid x-api-key", ErrorKind.AUTH),
        Arguments.of(403, "permission_error", "no permission", ErrorKind.AUTH),
        Arguments.of(404, "not_found_error", "model: claude-nope", ErrorKind.NOT_FOUND),
        Arguments.of(400, "invalid_request_error", "max_tokens: required", ErrorKind.PERMANENT),
        Arguments.of(
            400,
            "invalid_request_error",
            "prompt is too long: 210000 tokens > 200000 maximum",
            ErrorKind.CONTEXT_LENGTH),
        Arguments.of(402, "billing_error", "pay up", ErrorKind.QUOTA),
        Arguments.of(500, "api_error", "Internal server error", ErrorKind.TRANSIENT),
        Arguments.of(504, "timeout_error", "Gateway timeout", ErrorKind.TRANSIENT),
        Arguments.of(503, "api_error", "Unavailable", ErrorKind.TRANSIENT));
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @MethodSource("errors")
  void everyErrorStatusAndTypeIsClassified(
      int status, String type, String message, ErrorKind kind) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .setHeader("content-type", "application/json")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\""
                    + type
                    + "\",\"message\":\""
                    + message
                    + "\"},\"request_id\":\"req_011Abc\"}")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).hasValue(status);
    assertThat(e.providerCode()).contains(type);
    assertThat(e.getMessage()).contains(message);
    assertThat(e.bodyExcerpt()).hasValueSatisfying(b -> assertThat(b).contains("req_011Abc"));
  }

  @Test
  void aStreamedRequestRefusedWithAStatusFailsWithThatStatus() {
    server.enqueue(
        new MockResponse.Builder()
            .code(529)
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")
            .build());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> model().stream(Request.of(Message.user("x"))).hasNext());
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.status()).hasValue(529);
  }

  @Test
  void retryAfterSecondsIsCarriedOnRateLimits() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("retry-after", "7")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsAnHttpDateIsMeasuredOnTheInjectedClock() {
    // The fake clock stands at 2026-01-01T00:00:00Z.
    server.enqueue(
        new MockResponse.Builder()
            .code(529)
            .setHeader("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void anErrorBodyThatIsNotJsonIsClassifiedByStatus() {
    server.enqueue(
        new MockResponse.Builder()
            .code(413)
            .setHeader("content-type", "text/html")
            .body("<html><body>413 Request Entity Too Large</body></html>")
            .build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.status()).hasValue(413);
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.getMessage()).contains("not JSON");

    server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());
    LlmException e502 =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e502.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void theKeyNeverAppearsInAnErrorEvenWhenTheServerEchoesIt() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key "
                    + KEY
                    + "\"}}")
            .build());
    Model model = model();
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
    assertThat(e.getMessage()).doesNotContain(KEY);
    assertThat(e.bodyExcerpt().orElseThrow()).doesNotContain(KEY);
    assertThat(model.toString()).doesNotContain(KEY);
  }

  @Test
  void anErrorEventMidStreamEndsTheStreamAfterTheTextSoFar() {
    replyStream(
        sse(
            MESSAGE_START,
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("Hel"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.providerCode()).contains("overloaded_error");
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void aReplyThatIsNotJsonIsMalformedAndTransient() {
    reply("<html>gateway</html>");
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("malformed");

    reply("{\"type\":\"message\",\"role\":\"assistant\"}");
    LlmException noContent =
        catchThrowableOfType(LlmException.class, () -> model().call(Request.of(Message.user("x"))));
    assertThat(noContent.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(noContent.getMessage()).contains("content");
  }

  @Test
  void aStreamCutBeforeMessageStopIsTruncated() {
    replyStream(
        sse(
            MESSAGE_START,
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"cut\"}}"));
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(s.next()).isEqualTo(new StreamEvent.TextDelta("cut"));
    LlmException e = catchThrowableOfType(LlmException.class, s::hasNext);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("ended before message_stop");
  }

  @Test
  void aDisconnectInTheMiddleOfAStreamIsTransient() {
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "text/event-stream")
            .body(textStream("x".repeat(70_000)))
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> s.forEachRemaining(event -> {}));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void aDisconnectBeforeTheReplyIsTransient() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    Model model = open(spec(), client.newBuilder().retryOnConnectionFailure(false).build());
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void anUnknownHostIsTransient() {
    OkHttpClient noDns =
        client
            .newBuilder()
            .dns(
                host -> {
                  throw new java.net.UnknownHostException(host + ": no such host");
                })
            .build();
    ModelSpec unknown =
        new ModelSpec(
            "anthropic",
            Secret.of(KEY),
            "api.nowhere.invalid",
            -1,
            "claude-sonnet-4-5",
            null,
            null,
            null,
            Map.of());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> open(unknown, noDns).call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("unknown host");
  }

  @Test
  void aSlowReplyHitsTheTimeoutOfTheCallOptions() {
    server.enqueue(
        new MockResponse.Builder().body(TEXT_REPLY).headersDelay(3, TimeUnit.SECONDS).build());
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
  void aSlowReplyHitsTheTimeoutOfTheModelSpec() {
    server.enqueue(
        new MockResponse.Builder().body(TEXT_REPLY).headersDelay(3, TimeUnit.SECONDS).build());
    ModelSpec s = spec();
    ModelSpec withTimeout =
        new ModelSpec(
            s.scheme(),
            s.token(),
            s.host(),
            s.port(),
            s.modelId(),
            false,
            Duration.ofMillis(200),
            null,
            Map.of());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> open(withTimeout).call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
  }

  @Test
  void closingAStreamCancelsTheHttpCall() {
    // The body trickles out: 200 bytes per second, far slower than the test.
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "text/event-stream")
            .body(textStream("a", "b".repeat(5000)))
            .throttleBody(200, 1, TimeUnit.SECONDS)
            .build());
    ResponseStream s = model().stream(Request.of(Message.user("x")));
    assertThat(cancelled).isEmpty();
    s.close();
    assertThat(cancelled).hasSize(1);
    assertThat(s.hasNext()).isFalse();
  }

  @Test
  void theBaseUrlAndKeyComeFromTheConventionalVariables() throws Exception {
    env.put("ANTHROPIC_BASE_URL", server.url("/proxy/anthropic/").toString());
    env.put("ANTHROPIC_API_KEY", KEY);
    reply(TEXT_REPLY);
    Model model = open(ModelSpec.of("anthropic", "claude-haiku-4-5"));
    assertThat(model.call(Request.of(Message.user("x"))).text()).isEqualTo("Hi!");
    RecordedRequest sent = take();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/proxy/anthropic/v1/messages");
    assertThat(sent.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(body(sent).get("model").asText()).isEqualTo("claude-haiku-4-5");
  }

  @Test
  void theSpecsBasePathAndParametersAreHonoured() throws Exception {
    reply(TEXT_REPLY);
    ModelSpec s = spec();
    Model model =
        open(
            new ModelSpec(
                s.scheme(),
                s.token(),
                s.host(),
                s.port(),
                null,
                false,
                null,
                "/gateway/v1",
                Map.of("max_tokens", "1000", "version", "2024-01-01")));
    model.call(Request.of(Message.user("x")));
    RecordedRequest sent = take();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/gateway/v1/messages");
    assertThat(sent.getHeaders().get("anthropic-version")).isEqualTo("2024-01-01");
    assertThat(body(sent).get("max_tokens").asInt()).isEqualTo(1000);
    assertThat(body(sent).get("model").asText()).isEqualTo(AnthropicProvider.DEFAULT_MODEL);
  }

  @Test
  void aMissingKeyForTheDefaultHostOpensAModelThatRefusesEveryCallSayingWhatToSet() {
    Model model = open(ModelSpec.of("anthropic", "claude-sonnet-4-5"));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage())
        .contains("no credentials: set ANTHROPIC_API_KEY or put a token in the DSN");
    assertThat(model.capabilities().known(Capability.TOOLS)).contains(true);
  }

  @Test
  void aBadMaxTokensParameterIsRejected() {
    ModelSpec s = spec();
    ModelSpec bad =
        new ModelSpec(
            s.scheme(),
            s.token(),
            s.host(),
            s.port(),
            null,
            false,
            null,
            null,
            Map.of("max_tokens", "lots"));
    ProviderConfigException e =
        catchThrowableOfType(ProviderConfigException.class, () -> open(bad));
    assertThat(e.getMessage()).contains("max_tokens", "'lots'").doesNotContain(KEY);
  }

  @Test
  void aKeyOrVersionThatCannotBeSentIsRefusedAtOpenWithoutBeingQuoted() {
    ModelSpec s = spec();
    ModelSpec badKey =
        new ModelSpec(
            s.scheme(),
            Secret.of("sk-ant-canary\nrest"),
            s.host(),
            s.port(),
            null,
            false,
            null,
            null,
            Map.of());
    ProviderConfigException e =
        catchThrowableOfType(ProviderConfigException.class, () -> open(badKey));
    assertThat(e.getMessage()).contains("x-api-key").doesNotContain("sk-ant-canary");
    ProviderConfigException version =
        catchThrowableOfType(
            ProviderConfigException.class,
            () -> open(withParameters(Map.of("version", "2023\u00e9"))));
    assertThat(version.getMessage()).contains("anthropic-version").doesNotContain(KEY);
  }

  @Test
  void anUnknownParameterIsRejectedWithTheKnownOnes() {
    ModelSpec s = spec();
    ModelSpec bad =
        new ModelSpec(
            s.scheme(),
            s.token(),
            s.host(),
            s.port(),
            null,
            false,
            null,
            null,
            Map.of("temperature", "0"));
    ProviderConfigException e =
        catchThrowableOfType(ProviderConfigException.class, () -> open(bad));
    assertThat(e.getMessage())
        .contains("unknown parameter 'temperature'", "downscale_images", "max_tokens", "version")
        .doesNotContain(KEY);
  }

  private ModelSpec withParameters(Map<String, String> parameters) {
    ModelSpec s = spec();
    return new ModelSpec(
        s.scheme(), s.token(), s.host(), s.port(), s.modelId(), false, null, null, parameters);
  }

  @Test
  void anImageOverTheLimitsFailsBeforeAnythingIsSent() {
    Request request =
        Request.of(
            Message.user(List.of(Part.image(Image.fromBytes(TestProviderContext.png(8001, 10))))));
    ImageException e = catchThrowableOfType(ImageException.class, () -> model().call(request));
    assertThat(e.getMessage()).contains("8001", "anthropic", "downscale_images");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void withDownscalingAnImageIsScaledToTheSizeTheApiUsesAnyway() throws Exception {
    reply(TEXT_REPLY);
    Request request =
        Request.of(
            Message.user(List.of(Part.image(Image.fromBytes(TestProviderContext.png(3136, 100))))));
    open(withParameters(Map.of("downscale_images", "true"))).call(request);
    byte[] sent =
        java.util.Base64.getDecoder()
            .decode(body(take()).at("/messages/0/content/0/source/data").asText());
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(sent));
    assertThat(image.getWidth()).isEqualTo(1568);
    assertThat(image.getHeight()).isEqualTo(50);
  }

  @Test
  void moreThanTwentyImagesLowerThePixelLimit() {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      parts.add(Part.image(Image.fromBytes(TestProviderContext.png(2001, 1))));
    }
    ImageException e =
        catchThrowableOfType(
            ImageException.class, () -> model().call(Request.of(Message.user(parts))));
    assertThat(e.getMessage()).contains("more than 20 images", "2001");
  }

  @Test
  void moreThanAHundredImagesAreRefused() {
    List<Part> parts = new ArrayList<>();
    Image tiny = Image.fromBytes(TestProviderContext.png(1, 1));
    for (int i = 0; i < 101; i++) {
      parts.add(Part.image(tiny));
    }
    ImageException e =
        catchThrowableOfType(
            ImageException.class, () -> model().call(Request.of(Message.user(parts))));
    assertThat(e.getMessage()).contains("101 images", "at most 100");
  }

  @Test
  void aDeadlineLongerThanTheClientsReadTimeoutIsNotCutShort() {
    server.enqueue(
        new MockResponse.Builder()
            .body(TEXT_REPLY)
            .headersDelay(300, TimeUnit.MILLISECONDS)
            .build());
    OkHttpClient impatient = client.newBuilder().readTimeout(100, TimeUnit.MILLISECONDS).build();
    Request request =
        Request.of(Message.user("x"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(5)));
    assertThat(open(spec(), impatient).call(request).text()).isEqualTo("Hi!");
  }

  @Test
  void aBaseUrlThatIsNotAUrlIsRejected() {
    env.put("ANTHROPIC_BASE_URL", "not a url");
    env.put("ANTHROPIC_API_KEY", KEY);
    ProviderConfigException e =
        catchThrowableOfType(
            ProviderConfigException.class, () -> open(ModelSpec.of("anthropic", "m")));
    assertThat(e.getMessage()).contains("ANTHROPIC_BASE_URL");
  }

  @Test
  void claudeModelsAreKnownToTakeImagesToolsAndStructuredOutput() {
    Capabilities claude = model().capabilities();
    assertThat(claude.known(Capability.IMAGES)).contains(true);
    assertThat(claude.known(Capability.TOOLS)).contains(true);
    assertThat(claude.known(Capability.STRUCTURED_OUTPUT)).contains(true);
    assertThat(AnthropicModel.knownCapabilities("claude-2.1").known(Capability.IMAGES))
        .contains(false);
    assertThat(AnthropicModel.knownCapabilities("my-proxy-model"))
        .isEqualTo(Capabilities.unknown());
  }

  @Test
  void theProviderIsFoundThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(Provider.class).stream().map(p -> p.get().scheme()))
        .contains("anthropic", "ollama");
    assertThat(new AnthropicProvider().parameterKeys())
        .containsExactlyInAnyOrder("max_tokens", "version", "downscale_images", "cache");
  }
}
