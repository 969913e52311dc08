package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.Tool;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary: an API key, in a DSN, that the server even echoes in an error, never appears in
 * anything exported, with content capture on, through a tool round, a success and a failure.
 */
class NoSecretsTest {
  private static final String CANARY = "sk-canary-5f1b2c3d4e5f60718293a4b5";

  @Llm(chain = "primary")
  interface Desk {
    @Llm(tools = Lookup.class)
    @Prompt("Where is order {{order}}?")
    String where(String order);
  }

  /** A tool the model calls. */
  public static final class Lookup {
    @Tool("Where an order is")
    public String locate(String order) {
      return "in Lyon";
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final ExportedTelemetry telemetry = new ExportedTelemetry();
  private Desk desk;

  @BeforeEach
  void start() throws Exception {
    server.start();
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "LLM_PRIMARY",
                    "openai://"
                        + CANARY
                        + "@127.0.0.1:"
                        + server.getPort()
                        + "/gpt-4o-mini?tls=false&base_path=/v1"))
            .time(new FakeTimeSource())
            .observer(MajordomoTelemetry.builder(telemetry.sdk).captureMessageContent(true).build())
            .build();
    desk = Assistants.create(Desk.class, registry);
  }

  @AfterEach
  void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void theApiKeyIsInNoSpanEventStatusOrMetric() {
    server.enqueue(Loopback.openAiToolCall("call_1", "locate", "{\"order\":\"1042\"}"));
    server.enqueue(Loopback.openAiText("Order 1042 is in Lyon."));
    assertThat(desk.where("1042")).isEqualTo("Order 1042 is in Lyon.");

    // A server that quotes the key it refused, as some do.
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + CANARY
                    + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
            .build());
    assertThatThrownBy(() -> desk.where("1043")).isNotNull();

    List<String> exported = new ArrayList<>();
    for (SpanData span : telemetry.spans()) {
      exported.add(span.getName());
      exported.add(span.getAttributes().toString());
      exported.add(span.getStatus().getDescription());
      for (EventData event : span.getEvents()) {
        exported.add(event.getName() + event.getAttributes());
      }
    }
    for (MetricData metric : telemetry.metrics().values()) {
      exported.add(metric.toString());
    }
    String everything = String.join("\n", exported);

    // The capture did record content, so the check below looked where a key could have gone.
    assertThat(everything).contains("Where is order 1042?", "in Lyon", "invalid_api_key");
    assertThat(telemetry.spans()).hasSize(6);
    assertThat(everything).doesNotContain(CANARY).doesNotContain(CANARY.substring(3, 20));
  }
}
