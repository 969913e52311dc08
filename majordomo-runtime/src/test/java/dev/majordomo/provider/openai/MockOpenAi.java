package dev.majordomo.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * A MockWebServer on loopback standing in for a Chat Completions endpoint, with a client that
 * records cancelled calls, and a check that every captured request body is valid against OpenAI's
 * {@code CreateChatCompletionRequest}.
 */
final class MockOpenAi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY = "sk-test-abcdef123456";

  final MockWebServer server = new MockWebServer();
  final List<Call> cancelled = new CopyOnWriteArrayList<>();
  final OkHttpClient client;

  MockOpenAi() throws IOException {
    server.start();
    client =
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(10))
            .eventListener(
                new EventListener() {
                  @Override
                  public void canceled(Call call) {
                    cancelled.add(call);
                  }
                })
            .build();
  }

  /** A spec for this server: plain HTTP, base path /v1. */
  ModelSpec spec(String scheme, String model, Map<String, String> params) {
    return new ModelSpec(
        scheme,
        Secret.of(KEY),
        server.getHostName(),
        server.getPort(),
        model,
        false,
        null,
        null,
        params);
  }

  Model open(Provider provider, String model) {
    return provider.open(
        spec(provider.scheme(), model, Map.of()), TestContext.of(client, Map.of()));
  }

  Model openai(String model) {
    return open(new OpenAiProvider(), model);
  }

  /** A model of the {@code openai} scheme speaking the Responses API ({@code api=responses}). */
  Model responses(String model) {
    OpenAiProvider provider = new OpenAiProvider();
    return provider.open(
        spec(provider.scheme(), model, Map.of("api", "responses")),
        TestContext.of(client, Map.of()));
  }

  void enqueueJson(String body) {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  void enqueueSse(String... dataPayloads) {
    StringBuilder body = new StringBuilder();
    for (String data : dataPayloads) {
      body.append("data: ").append(data).append("\n\n");
    }
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body(body.toString())
            .build());
  }

  void enqueueError(int status, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  /** The next request; its body must be a valid CreateChatCompletionRequest. */
  RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  /** The next request's body, validated against OpenAI's schema. */
  JsonNode takeBody() throws Exception {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(r.getBody().utf8());
    assertThat(OpenApiSchemaValidator.instance().validate("CreateChatCompletionRequest", body))
        .as("request body valid against CreateChatCompletionRequest: %s", body)
        .isEmpty();
    return body;
  }

  /** The next request's body, sent to /v1/responses and validated against CreateResponse. */
  JsonNode takeResponsesBody() throws Exception {
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(r.getBody().utf8());
    assertThat(OpenApiSchemaValidator.responses().validate("CreateResponse", body))
        .as("request body valid against CreateResponse: %s", body)
        .isEmpty();
    return body;
  }

  /** Server-sent events with their {@code event:} names, as the Responses API sends them. */
  void enqueueTypedSse(String... dataPayloads) {
    StringBuilder body = new StringBuilder();
    for (String data : dataPayloads) {
      JsonNode event = json(data);
      body.append("event: ").append(event.path("type").asText()).append('\n');
      body.append("data: ").append(data).append("\n\n");
    }
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body(body.toString())
            .build());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
