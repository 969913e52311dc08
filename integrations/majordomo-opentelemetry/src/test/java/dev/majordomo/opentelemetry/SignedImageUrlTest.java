package dev.majordomo.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.majordomo.Assistants;
import dev.majordomo.Registry;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.media.Image;
import dev.majordomo.testing.FakeTimeSource;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An image given by a signed URL to a chain whose first target (Ollama) takes image bytes only:
 * that target is skipped with a reason, the next one answers, and the URL's signature (a
 * credential) is in nothing exported, content capture on or off.
 */
class SignedImageUrlTest {
  private static final String SIGNATURE = "X-Amz-Signature=9f2c0e5d1b7a4c3e8f6a";
  private static final URI SIGNED =
      URI.create("https://bucket.s3.amazonaws.com/receipts/cat.png?X-Amz-Expires=300&" + SIGNATURE);

  @Llm(chain = "local,openai/gpt-4o-mini")
  interface Describer {
    @Prompt("What is in this picture?")
    String describe(Image picture);
  }

  private final MockWebServer ollama = new MockWebServer();
  private final MockWebServer openai = new MockWebServer();
  private final ExportedTelemetry telemetry = new ExportedTelemetry();

  @AfterEach
  void stop() {
    ollama.close();
    openai.close();
    telemetry.close();
  }

  @ParameterizedTest(name = "content capture {0}")
  @ValueSource(booleans = {false, true})
  void theSignatureIsInNothingExported(boolean captureMessageContent) throws Exception {
    ollama.start();
    openai.start();
    // Ollama is asked what the model can do; it does not say, so images count as supported.
    ollama.enqueue(new MockResponse.Builder().code(404).build());
    openai.enqueue(Loopback.openAiText("A cat."));
    Registry registry =
        Registry.builder()
            .env(
                Map.of(
                    "LLM_LOCAL",
                    "ollama://127.0.0.1:" + ollama.getPort() + "/llava",
                    "OPENAI_API_KEY",
                    "sk-openai-test",
                    "OPENAI_BASE_URL",
                    openai.url("/v1").toString()))
            .time(new FakeTimeSource())
            .observer(
                MajordomoTelemetry.builder(telemetry.sdk)
                    .captureMessageContent(captureMessageContent)
                    .build())
            .build();

    assertThat(Assistants.create(Describer.class, registry).describe(Image.fromUrl(SIGNED)))
        .isEqualTo("A cat.");

    String everything = everythingExported();
    assertThat(everything).contains("majordomo.chain.skipped", "bucket.s3.amazonaws.com");
    assertThat(everything).doesNotContain(SIGNATURE).doesNotContain("9f2c0e5d1b7a4c3e8f6a");
  }

  private String everythingExported() {
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
    return String.join("\n", exported);
  }

  @Test
  void theUrlIsNamedWithoutItsSignatureWhenCaptured() {
    assertThat(MessageContent.withoutSecrets(SIGNED))
        .isEqualTo("https://bucket.s3.amazonaws.com/receipts/cat.png");
  }

  @Test
  void urlsQuotedInTextLoseTheirQueryFragmentAndUserInformation() {
    assertThat(
            Urls.withoutSecrets(
                "by URL (https://user:pw@cdn.example.com:8443/a/b.png?sig=1&x=2#frag); and"
                    + " jdbc:postgresql://db/app?password=hunter2, http://host/@me?t=1 end"))
        .isEqualTo(
            "by URL (https://cdn.example.com:8443/a/b.png); and jdbc:postgresql://db/app,"
                + " http://host/@me end");
    assertThat(Urls.withoutSecrets("no link here")).isEqualTo("no link here");
    assertThat(Urls.withoutSecrets(null)).isNull();
  }
}
