package dev.majordomo.provider.compatible;

import static dev.majordomo.provider.compatible.CompatibleSchemesTest.json;
import static dev.majordomo.provider.compatible.CompatibleSchemesTest.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.Registry;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Secret;
import dev.majordomo.media.Image;
import dev.majordomo.provider.openai.TestContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each scheme declares it cannot do, and a chain skipping such a target with the reason. */
class CompatibleCapabilitiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REPLY =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":"
          + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"city\\\":\\\"Oslo\\\"}\"},"
          + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,"
          + "\"total_tokens\":8}}";
  private static final ResponseSchema CITY =
      new ResponseSchema(
          "city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");

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

  private Capabilities capabilities(String scheme, String model) {
    ModelSpec spec =
        new ModelSpec(scheme, Secret.of("k"), null, -1, model, null, null, null, Map.of());
    return provider(scheme).open(spec, TestContext.of(client, Map.of())).capabilities();
  }

  /** {@code -} is unknown (counts as supported); {@code y}/{@code n} known. */
  @ParameterizedTest
  @CsvSource({
    "deepseek,   deepseek-chat,                        n, -, n",
    "deepseek,   deepseek-reasoner,                    n, -, n",
    "groq,       llama-3.3-70b-versatile,              -, -, n",
    "groq,       meta-llama/llama-4-scout-17b-16e-instruct, y, -, n",
    "groq,       openai/gpt-oss-120b,                  -, -, y",
    "gemini,     gemini-2.5-flash,                     y, y, y",
    "gemini,     gemma-3-27b-it,                       -, -, -",
    "mistral,    mistral-large-latest,                 -, -, -",
    "openrouter, anthropic/claude-sonnet-4,            -, -, -",
    "vllm,       Qwen/Qwen2.5-7B-Instruct,             -, -, -",
    "lmstudio,   qwen2.5-7b-instruct,                  -, -, -",
    "llamacpp,   any,                                  -, -, -",
  })
  void declaredCapabilities(
      String scheme, String model, String images, String tools, String structured) {
    Capabilities c = capabilities(scheme, model);
    assertThat(c.known(Capability.IMAGES)).isEqualTo(known(images));
    assertThat(c.known(Capability.TOOLS)).isEqualTo(known(tools));
    assertThat(c.known(Capability.STRUCTURED_OUTPUT)).isEqualTo(known(structured));
  }

  private static Optional<Boolean> known(String mark) {
    return mark.equals("-") ? Optional.empty() : Optional.of(mark.equals("y"));
  }

  private Registry registry() {
    String at = "@" + server.getHostName() + ":" + server.getPort();
    return Registry.builder()
        .env(Map.of())
        .httpClient(client)
        .model("ds", "deepseek://key-ds" + at + "/deepseek-chat?tls=false")
        .model("gq", "groq://key-gq" + at + "/llama-3.3-70b-versatile?tls=false")
        .model("gm", "gemini://key-gm" + at + "/gemini-2.5-flash?tls=false")
        .build();
  }

  @Test
  void aChainSkipsTargetsWithoutStrictStructuredOutputAndSaysWhy() throws Exception {
    server.enqueue(json(200, REPLY));
    try (Registry registry = registry()) {
      Response response =
          registry
              .chain("ds,gq,gm")
              .call(Request.of(Message.user("Where?")).withResponseSchema(CITY));

      assertThat(response.text()).isEqualTo("{\"city\":\"Oslo\"}");
      assertThat(response.attempts())
          .extracting(a -> scheme(a), Attempt::outcome, Attempt::detail)
          .containsExactly(
              tuple("deepseek", Attempt.Outcome.SKIPPED, "no structured output support"),
              tuple("groq", Attempt.Outcome.SKIPPED, "no structured output support"),
              tuple("gemini", Attempt.Outcome.SUCCEEDED, null));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1beta/openai/chat/completions");
    assertThat(
            JSON.readTree(sent.getBody().utf8())
                .at("/response_format/json_schema/strict")
                .asBoolean())
        .isTrue();
  }

  @Test
  void aChainSkipsDeepSeekForAnImageButNotForText() {
    server.enqueue(json(200, REPLY));
    server.enqueue(json(200, REPLY));
    Request withImage =
        Request.of(Message.user(List.of(Part.text("what is this?"), Part.image(png()))));
    try (Registry registry = registry()) {
      Response image = registry.chain("ds,gm").call(withImage);
      Response text = registry.chain("ds,gm").call(Request.of(Message.user("hi")));

      assertThat(image.attempts())
          .extracting(a -> scheme(a), Attempt::outcome, Attempt::detail)
          .containsExactly(
              tuple("deepseek", Attempt.Outcome.SKIPPED, "no image support"),
              tuple("gemini", Attempt.Outcome.SUCCEEDED, null));
      assertThat(text.attempts())
          .extracting(a -> scheme(a), Attempt::outcome)
          .containsExactly(tuple("deepseek", Attempt.Outcome.SUCCEEDED));
    }
  }

  /** The scheme of the attempt's target ({@code deepseek://host:port/model}). */
  private static String scheme(Attempt attempt) {
    String target = attempt.target().toString();
    return target.substring(0, target.indexOf(':'));
  }

  private static Image png() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", out);
      return Image.fromBytes(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
