package dev.majordomo.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, called over real HTTP as a client would, with its two
 * models on scripted OpenAI-style endpoints on loopback ports: the assistant's tool is the
 * context's bean, a conversation is remembered across requests, and a failing model fails over to
 * the next one while the Actuator health shows it benched until its bench ends on the fake clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("e2e")
class ChatApplicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MockWebServer PRIMARY = started();
  private static final MockWebServer BACKUP = started();

  /** The registry's clock: the starter takes the context's {@code TimeSource} bean. */
  @TestConfiguration
  static class FakeClock {
    @Bean
    FakeTimeSource fakeTimeSource() {
      return new FakeTimeSource();
    }
  }

  @DynamicPropertySource
  static void models(DynamicPropertyRegistry properties) {
    properties.add("majordomo.models.primary", () -> dsn(PRIMARY, "gpt-primary"));
    properties.add("majordomo.models.backup", () -> dsn(BACKUP, "gpt-backup"));
    properties.add("majordomo.aliases.support", () -> "primary,backup");
  }

  @LocalServerPort int port;
  @Autowired FakeTimeSource time;

  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void forgetTheRequests() throws InterruptedException {
    drain(PRIMARY);
    drain(BACKUP);
    // Past any bench a test left, so that every test starts with both models in service.
    time.advance(Duration.ofHours(1));
  }

  @AfterAll
  static void stopModels() {
    PRIMARY.close();
    BACKUP.close();
  }

  @Test
  void theAssistantAnswersOverHttpWithTheToolBean() throws Exception {
    PRIMARY.enqueue(json(toolCall("call_1", "orderStatus", "{\"orderId\":\"A-1001\"}")));
    PRIMARY.enqueue(json(text("Your order A-1001 shipped on 2026-12-01.")));

    HttpResponse<String> response = chat("tools", "Where is my order A-1001?");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.get("conversation").asText()).isEqualTo("tools");
    assertThat(reply.get("reply").asText()).isEqualTo("Your order A-1001 shipped on 2026-12-01.");
    JsonNode first = body(PRIMARY.takeRequest());
    assertThat(first.at("/tools/0/function/name").asText()).isEqualTo("orderStatus");
    assertThat(first.at("/messages/0/content").asText()).contains("Acme's support desk");
    // The tool's result comes from the OrderBook bean injected into the OrderTools bean.
    JsonNode second = body(PRIMARY.takeRequest());
    JsonNode toolResult = last(second.get("messages"));
    assertThat(toolResult.get("role").asText()).isEqualTo("tool");
    assertThat(toolResult.get("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(toolResult.get("content").asText()).isEqualTo("shipped on 2026-12-01");
  }

  @Test
  void aConversationIsRememberedAcrossRequests() throws Exception {
    PRIMARY.enqueue(json(text("Hello Ada.")));
    PRIMARY.enqueue(json(text("You are Ada.")));
    PRIMARY.enqueue(json(text("Hello stranger.")));

    assertThat(chat("ada", "Hi, I am Ada.").body()).contains("Hello Ada.");
    assertThat(chat("ada", "Who am I?").body()).contains("You are Ada.");
    assertThat(chat("grace", "Who am I?").body()).contains("Hello stranger.");

    body(PRIMARY.takeRequest());
    List<String> ada = contents(body(PRIMARY.takeRequest()));
    assertThat(ada.subList(1, ada.size()))
        .containsExactly("Hi, I am Ada.", "Hello Ada.", "Who am I?");
    // Another conversation id is another history.
    List<String> grace = contents(body(PRIMARY.takeRequest()));
    assertThat(grace.subList(1, grace.size())).containsExactly("Who am I?");
  }

  @Test
  void aFailingModelFailsOverAndIsBenchedInTheHealthUntilTheBenchEnds() throws Exception {
    PRIMARY.enqueue(unavailable());
    BACKUP.enqueue(json(text("The backup answers.")));

    HttpResponse<String> failedOver = chat("failover", "Hello?");

    assertThat(failedOver.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(failedOver.body()).get("reply").asText())
        .isEqualTo("The backup answers.");
    JsonNode health = health();
    // UP: the chain can still answer, through the backup (docs/spring-boot.md, Health).
    assertThat(health.get("status").asText()).isEqualTo("UP");
    JsonNode chain = health.at("/components/majordomo/details/chains/support");
    assertThat(chain.get("canAnswer").asBoolean()).isTrue();
    JsonNode primary = chain.at("/targets/0");
    assertThat(primary.get("target").asText()).isEqualTo(target(PRIMARY, "gpt-primary"));
    assertThat(primary.get("benched").asBoolean()).isTrue();
    // Benched for the base cooldown (30 s) from the fake clock's now.
    assertThat(primary.get("benchedUntil").asText())
        .isEqualTo(time.now().plus(Duration.ofSeconds(30)).toString());
    assertThat(chain.at("/targets/1/benched").asBoolean()).isFalse();

    time.advance(Duration.ofSeconds(31));

    JsonNode recovered = health().at("/components/majordomo/details/chains/support/targets/0");
    assertThat(recovered.get("benched").asBoolean()).isFalse();
    assertThat(recovered.has("benchedUntil")).isFalse();
    PRIMARY.enqueue(json(text("The primary is back.")));
    assertThat(chat("failover", "Again?").body()).contains("The primary is back.");
  }

  @Test
  void whenEveryModelFailsTheEndpointAnswers503AndTheHealthIsDown() throws Exception {
    PRIMARY.enqueue(unavailable());
    BACKUP.enqueue(unavailable());

    HttpResponse<String> response = chat("down", "Hello?");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).contains("No model could answer");
    JsonNode health = health();
    assertThat(health.get("status").asText()).isEqualTo("DOWN");
    assertThat(health.at("/components/majordomo/details/chains/support/canAnswer").asBoolean())
        .isFalse();

    // After the benches, a success puts the primary back in service with a clean record.
    time.advance(Duration.ofMinutes(1));
    PRIMARY.enqueue(json(text("Back.")));
    assertThat(chat("down", "Hello again?").statusCode()).isEqualTo(200);
    assertThat(health().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void aBlankMessageIsABadRequest() throws Exception {
    PRIMARY.enqueue(json(text("A reply to the second request.")));
    assertThat(chat("blank", " ").statusCode()).isEqualTo(400);
    assertThat(chat("blank", "Now a real one.").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> chat(String conversation, String message)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/chat/" + conversation))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.writeValueAsString(Map.of("message", message))))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode health() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
    return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  private static MockWebServer started() {
    MockWebServer server = new MockWebServer();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return server;
  }

  private static String dsn(MockWebServer server, String model) {
    return "openai://test-token@127.0.0.1:" + server.getPort() + "/" + model + "?tls=false";
  }

  private static String target(MockWebServer server, String model) {
    return "openai://127.0.0.1:" + server.getPort() + "/" + model;
  }

  private static void drain(MockWebServer server) throws InterruptedException {
    while (server.takeRequest(0, java.util.concurrent.TimeUnit.SECONDS) != null) {
      // discard
    }
  }

  private static JsonNode body(RecordedRequest request) throws IOException {
    return JSON.readTree(request.getBody().utf8());
  }

  private static JsonNode last(JsonNode array) {
    return array.get(array.size() - 1);
  }

  private static List<String> contents(JsonNode body) {
    List<String> contents = new java.util.ArrayList<>();
    body.get("messages").forEach(message -> contents.add(message.get("content").asText()));
    return contents;
  }

  private static MockResponse unavailable() {
    return new MockResponse.Builder()
        .code(503)
        .setHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}")
        .build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static String text(String content) throws IOException {
    return completion(Map.of("role", "assistant", "content", content), "stop");
  }

  private static String toolCall(String id, String name, String arguments) throws IOException {
    Map<String, Object> call =
        Map.of(
            "id", id, "type", "function", "function", Map.of("name", name, "arguments", arguments));
    return completion(Map.of("role", "assistant", "tool_calls", List.of(call)), "tool_calls");
  }

  private static String completion(Map<String, Object> message, String finishReason)
      throws IOException {
    return JSON.writeValueAsString(
        Map.of(
            "id", "chatcmpl-1",
            "object", "chat.completion",
            "model", "scripted",
            "choices",
                List.of(Map.of("index", 0, "message", message, "finish_reason", finishReason)),
            "usage", Map.of("prompt_tokens", 1, "completion_tokens", 1, "total_tokens", 2)));
  }
}
