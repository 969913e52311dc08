package dev.majordomo.examples.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scripted endpoint through the real {@code openai} provider (real HTTP on loopback): every
 * kind of exchange the examples need, and the errors it sends for requests it does not serve.
 */
class ScriptedOpenAiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEATHER_SCHEMA =
      """
      {"type":"object","properties":{"city":{"type":"string","description":"the city, e.g. Lisbon"}},
       "required":["city"],"additionalProperties":false}
      """;

  private final ScriptedOpenAiServer server = ScriptedOpenAiServer.start();
  private final Registry registry =
      Registry.builder()
          .env(Map.of())
          .time(new FakeTimeSource())
          .model("scripted", server.dsn())
          .model(
              "wrong-token",
              "openai://nope@127.0.0.1:" + server.port() + "/scripted-demo?tls=false")
          .model(
              "other-model",
              "openai://local-demo-token@127.0.0.1:" + server.port() + "/gpt-9?tls=false")
          .build();
  private final Model model = registry.chain("scripted");

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPlainQuestionGetsACannedAnswerThatQuotesIt() {
    Response reply = model.call(Request.of(Message.user("What is the capital of Portugal?")));

    assertThat(reply.text())
        .startsWith("Scripted reply to \"What is the capital of Portugal?\"")
        .contains("not from a model");
    assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(reply.answeredBy())
        .isEqualTo(new Target("openai", "127.0.0.1", server.port(), "scripted-demo"));
    assertThat(reply.usage().inputTokens()).isPositive();
    assertThat(reply.usage().outputTokens()).isPositive();
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).path("model").asText()).isEqualTo("scripted-demo");
  }

  @Test
  void offeredToolsAreCalledWithArgumentsFromTheirSchemaThenTheResultsAreQuoted() throws Exception {
    Request ask =
        Request.of(Message.user("Weather?"))
            .withTools(
                List.of(
                    new ToolDefinition("weather", "Weather for a city.", WEATHER_SCHEMA),
                    new ToolDefinition("now", "The time.", "{\"type\":\"object\"}")));

    Response first = model.call(ask);

    assertThat(first.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(first.toolCalls()).extracting(Part.ToolCall::name).containsExactly("weather", "now");
    Part.ToolCall weather = first.toolCalls().get(0);
    assertThat(JSON.readTree(weather.argumentsJson()).path("city").asText()).isEqualTo("Lisbon");
    assertThat(first.toolCalls().get(1).argumentsJson()).isEqualTo("{}");
    assertThat(weather.id()).isNotEqualTo(first.toolCalls().get(1).id());

    Response second =
        model.call(
            ask.followedBy(
                first.message(),
                Message.toolResults(
                    List.of(
                        Part.ToolResult.success(weather, "sunny, 21 °C"),
                        Part.ToolResult.error(first.toolCalls().get(1), "clock broken")))));

    assertThat(second.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(second.text())
        .isEqualTo(
            "Scripted answer built from 2 tool results: weather → sunny, 21 °C;"
                + " now → Error: clock broken.");
  }

  @Test
  void aResponseSchemaGetsAJsonDocumentThatFitsIt() throws Exception {
    String schema =
        """
        {"type":"object","properties":{
          "merchant":{"type":"string"},
          "total":{"type":"number"},
          "items":{"type":"array","items":{"type":"object","properties":{"q":{"type":"integer"}},
                   "required":["q"],"additionalProperties":false}}},
         "required":["merchant","total","items"],"additionalProperties":false}
        """;
    Response reply =
        model.call(
            Request.of(Message.user("Read it."))
                .withResponseSchema(new ResponseSchema("Receipt", schema)));

    JsonNode json = JSON.readTree(reply.text());
    assertThat(json.path("merchant").asText()).isEqualTo("merchant (scripted)");
    assertThat(json.path("total").isNumber()).isTrue();
    assertThat(json.path("items").get(0).path("q").isIntegralNumber()).isTrue();
    JsonNode sent = server.requests().get(0).path("response_format");
    assertThat(sent.path("type").asText()).isEqualTo("json_schema");
    assertThat(sent.path("json_schema").path("strict").asBoolean()).isTrue();
  }

  @Test
  void anImageIsAcknowledgedWithItsTypeSizeAndPixels() throws IOException {
    Image png;
    try (InputStream in = getClass().getResourceAsStream("/dev/majordomo/examples/receipt.png")) {
      png = Image.fromStream(in);
    }
    Response reply =
        model.call(Request.of(Message.user(List.of(Part.text("What is this?"), Part.image(png)))));

    assertThat(reply.text())
        .startsWith("Scripted reply: with \"What is this?\" I received one image (image/png, ")
        .contains("360×420 px")
        .contains("not a vision model");
    assertThat(reply.usage().inputTokens()).isGreaterThanOrEqualTo(85);
  }

  @Test
  void aStreamArrivesInSeveralDeltasWithUsageAndTheSameTextAsAPlainCall() {
    Request request = Request.of(Message.user("Tell me a story."));
    String plain = model.call(request).text();

    List<StreamEvent> events = new ArrayList<>();
    try (ResponseStream stream = model.stream(request)) {
      stream.forEachRemaining(events::add);
    }

    List<String> deltas =
        events.stream()
            .filter(StreamEvent.TextDelta.class::isInstance)
            .map(e -> ((StreamEvent.TextDelta) e).text())
            .toList();
    assertThat(deltas).hasSizeGreaterThan(3);
    assertThat(String.join("", deltas)).isEqualTo(plain);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(StreamEvent.UsageEvent.class));
    StreamEvent.Done done = (StreamEvent.Done) events.get(events.size() - 1);
    assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(done.responseId()).startsWith("chatcmpl-scripted-");
    assertThat(done.responseModel()).isEqualTo(ScriptedOpenAiServer.MODEL);
    JsonNode sent = server.requests().get(1);
    assertThat(sent.path("stream").asBoolean()).isTrue();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void aStreamedToolCallIsAssembledFromItsFragments() throws Exception {
    Request ask =
        Request.of(Message.user("Weather?"))
            .withTools(List.of(new ToolDefinition("weather", "Weather.", WEATHER_SCHEMA)));

    Response collected;
    try (ResponseStream stream = model.stream(ask)) {
      collected = stream.collect();
    }

    assertThat(collected.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(collected.toolCalls()).hasSize(1);
    assertThat(JSON.readTree(collected.toolCalls().get(0).argumentsJson()).path("city").asText())
        .isEqualTo("Lisbon");
  }

  @Test
  void aWrongTokenIsAnAuthenticationErrorThatEndsTheCall() {
    assertThatThrownBy(() -> registry.chain("wrong-token").call(Request.of(Message.user("Hi"))))
        .isInstanceOfSatisfying(
            LlmException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
              assertThat(e.getMessage()).doesNotContain("nope");
            });
  }

  @Test
  void anotherModelIsNotFound() {
    assertThatThrownBy(() -> registry.chain("other-model").call(Request.of(Message.user("Hi"))))
        .isInstanceOfSatisfying(
            ChainExhaustedException.class,
            e -> {
              assertThat(e.attempts()).hasSize(1);
              assertThat(e.attempts().get(0).errorKind()).isEqualTo(ErrorKind.NOT_FOUND);
              assertThat(e.getMessage()).contains("gpt-9");
            });
  }

  @Test
  void otherPathsAndBodiesThatAreNotJsonGetOpenAiShapedErrors() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();

    HttpResponse<String> wrongPath =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> notJson =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("hello"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(wrongPath.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(wrongPath.body()).path("error").path("code").asText())
        .isEqualTo("unknown_url");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(notJson.body()).path("error").path("message").asText())
        .contains("not valid JSON");
  }

  @Test
  void afterCloseThePortRefusesConnections() {
    server.close();
    HttpClient http = HttpClient.newHttpClient();

    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void piecesSplitTheTextIntoGroupsOfWordsThatJoinBackExactly() {
    String text = "one two three four five six seven";

    List<String> pieces = ScriptedOpenAiServer.pieces(text);

    assertThat(pieces).containsExactly("one two three ", "four five six ", "seven");
    assertThat(ScriptedOpenAiServer.pieces("single")).containsExactly("single");
  }
}
