package dev.majordomo.provider.foreman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderConfigException;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.Secret;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.provider.openai.CapturingInterceptor;
import dev.majordomo.provider.openai.TestContext;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** foreman: the Chat Completions protocol at https://host/v1 with the DSN token as bearer. */
class ForemanProviderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "fm-token-0123456789";
  private static final String REPLY =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"Hello from the gateway\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":4,\"total_tokens\":9}}";

  private final ForemanProvider provider = new ForemanProvider();
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  /** {@code foreman://TOKEN@localhost:port/model?tls=false}: the mock server speaks plain HTTP. */
  private Model openOnMock(String model) {
    ModelSpec spec =
        new ModelSpec(
            "foreman",
            Secret.of(TOKEN),
            server.getHostName(),
            server.getPort(),
            model,
            false,
            null,
            null,
            Map.of());
    return provider.open(spec, TestContext.of(client, Map.of()));
  }

  private void enqueueJson(String body) {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  @Test
  void isRegisteredForServiceLoaderBesideOpenAi() {
    List<String> schemes =
        ServiceLoader.load(Provider.class).stream().map(p -> p.get().scheme()).toList();
    assertThat(schemes).contains("foreman", "openai");
    assertThat(provider.scheme()).isEqualTo("foreman");
  }

  @Test
  void byDefaultCallsHttpsHostV1WithTheTokenAsBearer() {
    CapturingInterceptor wire = new CapturingInterceptor(REPLY);
    ModelSpec spec =
        new ModelSpec(
            "foreman",
            Secret.of(TOKEN),
            "gateway.example",
            -1,
            "qwen3-32b",
            null,
            null,
            null,
            Map.of());
    Response r =
        provider
            .open(spec, TestContext.of(wire.client(), Map.of()))
            .call(Request.of(Message.user("hi")));
    assertThat(r.text()).isEqualTo("Hello from the gateway");
    okhttp3.Request sent = wire.requests.get(0);
    assertThat(sent.url().toString()).isEqualTo("https://gateway.example/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void speaksTheSameProtocolOnTheWire() throws Exception {
    enqueueJson(REPLY);
    Response r =
        openOnMock("llama-3.3-70b")
            .call(Request.of(Message.system("Be brief."), Message.user("hi")));
    RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    JsonNode body = JSON.readTree(recorded.getBody().utf8());
    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                "{\"model\":\"llama-3.3-70b\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                    + "{\"role\":\"user\",\"content\":\"hi\"}]}"));
    assertThat(r.usage().inputTokens()).isEqualTo(5);
  }

  @Test
  void streamsLikeOpenAi() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/event-stream")
            .body(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                    + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n")
            .build());
    List<StreamEvent> events = new java.util.ArrayList<>();
    try (var s = openOnMock("m").stream(Request.of(Message.user("x")))) {
      s.forEachRemaining(events::add);
    }
    assertThat(events).first().isEqualTo(new StreamEvent.TextDelta("Hi"));
    JsonNode body = JSON.readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
    assertThat(body.get("stream").asBoolean()).isTrue();
  }

  @Test
  void withoutAModelIdTheFirstListedModelIsUsedAndRemembered() throws Exception {
    enqueueJson(
        "{\"object\":\"list\",\"data\":[{\"id\":\"gw-default\",\"object\":\"model\"},{\"id\":\"other\"}]}");
    enqueueJson(REPLY);
    enqueueJson(REPLY);
    Model model = openOnMock(null);
    model.call(Request.of(Message.user("one")));
    model.call(Request.of(Message.user("two")));

    RecordedRequest list = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getUrl().encodedPath()).isEqualTo("/v1/models");
    assertThat(list.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    for (int i = 0; i < 2; i++) {
      RecordedRequest chat = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(chat.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
      assertThat(JSON.readTree(chat.getBody().utf8()).get("model").asText())
          .isEqualTo("gw-default");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void anEmptyModelListIsNotFound() {
    enqueueJson("{\"object\":\"list\",\"data\":[]}");
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> openOnMock(null).call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
    assertThat(e.getMessage()).contains("lists no models");
  }

  @Test
  void errorsAreMappedAsForOpenAi() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body(
                "{\"error\":{\"message\":\"bad token "
                    + TOKEN
                    + "\",\"type\":\"authentication_error\",\"code\":null}}")
            .build());
    LlmException e =
        catchThrowableOfType(
            LlmException.class, () -> openOnMock("m").call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
    assertThat(e.getMessage()).doesNotContain(TOKEN);
    assertThat(e.target().orElseThrow().scheme()).isEqualTo("foreman");
  }

  @Test
  void needsAHostAndAToken() {
    assertThatThrownBy(
            () -> provider.open(ModelSpec.of("foreman", "m"), TestContext.of(client, Map.of())))
        .isInstanceOf(ProviderConfigException.class)
        .hasMessageContaining("no host")
        .hasMessageContaining("foreman://<token>@<host>");
    ModelSpec noToken =
        new ModelSpec("foreman", null, "gw.example", -1, "m", null, null, null, Map.of());
    Model model = provider.open(noToken, TestContext.of(client, Map.of()));
    LlmException e =
        catchThrowableOfType(LlmException.class, () -> model.call(Request.of(Message.user("x"))));
    assertThat(e.kind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(e.getMessage())
        .contains("no credentials: put a token in the DSN (foreman://<token>@<host>/<model>)");
  }

  @Test
  void capabilitiesAreUnknownBecauseTheGatewayMayRouteAnywhere() {
    Model model = openOnMock("gpt-4o");
    for (Capability c : Capability.values()) {
      assertThat(model.capabilities().known(c)).isEmpty();
    }
  }
}
