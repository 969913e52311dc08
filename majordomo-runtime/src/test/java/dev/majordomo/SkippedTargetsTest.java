package dev.majordomo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainDeadlineException;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Targets that cannot serve a request (an image over their limits, no credentials) are skipped with
 * a reason through a whole registry, on real providers against MockWebServers: the next target
 * answers, the skipped one receives nothing and is not blamed, and when every target is skipped the
 * call ends in {@link ChainExhaustedException} with every reason.
 */
class SkippedTargetsTest {
  private static final String OPENAI_REPLY =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"from openai\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
  private static final String OPENAI_STREAM =
      "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"from openai\"},"
          + "\"finish_reason\":null}]}\n\n"
          + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
          + "data: [DONE]\n\n";
  private static final String OLLAMA_REPLY =
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"from ollama\"},"
          + "\"done\":true,\"done_reason\":\"stop\"}";
  private static final String OLLAMA_STREAM =
      "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"from ollama\"},"
          + "\"done\":false}\n"
          + "{\"model\":\"qwen3:8b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
          + "\"done\":true,\"done_reason\":\"stop\"}\n";

  private final MockWebServer anthropic = new MockWebServer();
  private final MockWebServer openai = new MockWebServer();
  private final MockWebServer ollama = new MockWebServer();
  private final Map<String, String> env = new HashMap<>();
  private final List<ChainEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch showArrived = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    anthropic.start();
    openai.start();
    ollama.start();
    env.put("ANTHROPIC_BASE_URL", "http://" + anthropic.getHostName() + ":" + anthropic.getPort());
    env.put("OPENAI_BASE_URL", "http://" + openai.getHostName() + ":" + openai.getPort() + "/v1");
    env.put("OLLAMA_HOST", ollama.getHostName() + ":" + ollama.getPort());
  }

  @AfterEach
  void stop() {
    release.countDown();
    anthropic.close();
    openai.close();
    ollama.close();
  }

  /** Bounds every exchange, so that a test that fails cannot hang on a silent server. */
  private final OkHttpClient client =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

  private Registry registry() {
    return Registry.builder().env(env).httpClient(client).listener(events::add).build();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /** A valid PNG of about {@code bytes} bytes: a tiny image with a large private chunk. */
  static byte[] bigPng(int bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", out);
    byte[] small = out.toByteArray();
    int iend = small.length - 12;
    byte[] type = "prVt".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer chunk = ByteBuffer.allocate(12 + bytes);
    chunk.putInt(bytes).put(type).put(new byte[bytes]);
    CRC32 crc = new CRC32();
    crc.update(chunk.array(), 4, 4 + bytes);
    chunk.putInt((int) crc.getValue());
    ByteBuffer png = ByteBuffer.allocate(small.length + chunk.capacity());
    png.put(small, 0, iend).put(chunk.array()).put(small, iend, 12);
    return png.array();
  }

  private static Request withImage(Image image) {
    return Request.of(
        Message.user(List.of(new Part.Text("what is this?"), new Part.ImagePart(image))));
  }

  // ---- item 4: an image one target cannot take ----

  @Test
  void aSixMegabytePngOverAnthropicsLimitIsServedByOpenAi() throws IOException {
    env.put("ANTHROPIC_API_KEY", "k-anthropic");
    env.put("OPENAI_API_KEY", "k-openai");
    openai.enqueue(json(OPENAI_REPLY));
    Registry registry = registry();
    Chain chain = registry.chain("anthropic/claude-sonnet-4-5,openai/gpt-4o-mini");

    Response response = chain.call(withImage(Image.fromBytes(bigPng(6_000_000))));

    assertThat(response.text()).isEqualTo("from openai");
    assertThat(response.attempts())
        .extracting(a -> a.target().scheme(), Attempt::outcome)
        .containsExactly(
            tuple("anthropic", Attempt.Outcome.SKIPPED),
            tuple("openai", Attempt.Outcome.SUCCEEDED));
    Attempt skipped = response.attempts().get(0);
    assertThat(skipped.detail()).contains("5242880");
    assertThat(skipped.error()).isInstanceOf(ImageException.class);
    assertThat(anthropic.getRequestCount()).isZero();
    assertThat(openai.getRequestCount()).isEqualTo(1);
    assertThat(events).noneMatch(ChainEvent.Failed.class::isInstance);
    assertThat(registry.health().snapshot()).isEmpty();
  }

  @Test
  void aSixMegabytePngStreamIsServedByOpenAi() throws IOException {
    env.put("ANTHROPIC_API_KEY", "k-anthropic");
    env.put("OPENAI_API_KEY", "k-openai");
    openai.enqueue(sse(OPENAI_STREAM));
    Chain chain = registry().chain("anthropic/claude-sonnet-4-5,openai/gpt-4o-mini");

    Response response;
    try (ResponseStream stream = chain.stream(withImage(Image.fromBytes(bigPng(6_000_000))))) {
      response = stream.collect();
    }

    assertThat(response.text()).isEqualTo("from openai");
    assertThat(response.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(anthropic.getRequestCount()).isZero();
  }

  @Test
  void anImageUrlOllamaCannotTakeIsServedByTheNextTarget() {
    env.put("OPENAI_API_KEY", "k-openai");
    ollama.enqueue(json("{\"capabilities\":[\"completion\",\"vision\"]}"));
    openai.enqueue(json(OPENAI_REPLY));
    Chain chain = registry().chain("ollama/llava,openai/gpt-4o-mini");

    Response response =
        chain.call(withImage(Image.fromUrl(URI.create("https://images.example/cat.png"))));

    assertThat(response.text()).isEqualTo("from openai");
    assertThat(response.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(response.attempts().get(0).detail()).contains("URL");
    assertThat(ollama.getRequestCount()).as("only /api/show, no /api/chat").isEqualTo(1);
  }

  @Test
  void whenEveryTargetRefusesTheImageTheCallListsEveryReason() throws IOException {
    env.put("ANTHROPIC_API_KEY", "k-anthropic");
    Registry registry =
        Registry.builder().env(env).limits(Limits.DEFAULTS.withMaxImageBytes(5_500_000)).build();
    ollama.enqueue(json("{\"capabilities\":[\"completion\",\"vision\"]}"));
    Chain chain = registry.chain("anthropic/claude-sonnet-4-5,ollama/llava");

    ChainExhaustedException e =
        catchThrowableOfType(
            ChainExhaustedException.class,
            () -> chain.call(withImage(Image.fromBytes(bigPng(6_000_000)))));

    assertThat(e.attempts())
        .extracting(a -> a.target().scheme(), Attempt::outcome)
        .containsExactly(
            tuple("anthropic", Attempt.Outcome.SKIPPED), tuple("ollama", Attempt.Outcome.SKIPPED));
    assertThat(e.getMessage()).contains("5242880", "5500000");
    assertThat(e.getSuppressed()).hasSize(2).allMatch(ImageException.class::isInstance);
    assertThat(anthropic.getRequestCount()).isZero();
    assertThat(ollama.getRequestCount()).as("only /api/show, no /api/chat").isEqualTo(1);
  }

  // ---- item 5: missing credentials ----

  @Test
  void aMissingOpenAiKeyDoesNotEscapeResolutionAndTheChainReachesOllama() {
    env.put("LLM_FAST", "openai/gpt-4o-mini,ollama/qwen3:8b");
    env.remove("OPENAI_BASE_URL");
    ollama.enqueue(json(OLLAMA_REPLY));
    Registry registry = registry();

    Chain chain = registry.chain("fast");
    Response response = chain.call(Request.of(Message.user("hi")));

    assertThat(response.text()).isEqualTo("from ollama");
    Attempt skipped = response.attempts().get(0);
    assertThat(skipped.target().scheme()).isEqualTo("openai");
    assertThat(skipped.outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(skipped.detail())
        .isEqualTo("no credentials: set OPENAI_API_KEY or put a token in the DSN");
    assertThat(skipped.errorKind()).isEqualTo(ErrorKind.CANNOT_SERVE);
    assertThat(events)
        .contains(
            new ChainEvent.Skipped(
                skipped.target(), "no credentials: set OPENAI_API_KEY or put a token in the DSN"));
    assertThat(events).noneMatch(ChainEvent.Failed.class::isInstance);
    assertThat(registry.health().snapshot()).isEmpty();
  }

  @Test
  void aMissingKeyIsSkippedInStreamsToo() {
    env.put("LLM_FAST", "openai/gpt-4o-mini,ollama/qwen3:8b");
    ollama.enqueue(json(OLLAMA_STREAM));
    Registry registry = registry();

    Response response;
    try (ResponseStream stream = registry.chain("fast").stream(Request.of(Message.user("hi")))) {
      response = stream.collect();
    }

    assertThat(response.text()).isEqualTo("from ollama");
    assertThat(response.attempts().get(0).detail())
        .isEqualTo("no credentials: set OPENAI_API_KEY or put a token in the DSN");
    assertThat(openai.getRequestCount()).isZero();
    assertThat(registry.health().snapshot()).isEmpty();
  }

  @Test
  void aChainWhoseEveryTargetLacksCredentialsListsEveryReasonAndNamesNoValue() {
    env.remove("ANTHROPIC_BASE_URL");
    env.put("OPENAI_API_KEY", "   ");
    env.put("LLM_GW", "foreman://gateway.example/qwen3");
    Registry registry = registry();

    Chain chain = registry.chain("openai/gpt-4o-mini,anthropic/claude-sonnet-4-5,gw");
    ChainExhaustedException e =
        catchThrowableOfType(
            ChainExhaustedException.class, () -> chain.call(Request.of(Message.user("hi"))));

    assertThat(e.attempts()).extracting(Attempt::outcome).containsOnly(Attempt.Outcome.SKIPPED);
    assertThat(e.attempts())
        .extracting(Attempt::detail)
        .containsExactly(
            "no credentials: set OPENAI_API_KEY or put a token in the DSN",
            "no credentials: set ANTHROPIC_API_KEY or put a token in the DSN",
            "no credentials: put a token in the DSN (foreman://<token>@<host>/<model>)");
    assertThat(e.getMessage()).contains("(3 targets, 0 calls)");
    assertThat(registry.health().snapshot()).isEmpty();
    assertThat(openai.getRequestCount() + anthropic.getRequestCount()).isZero();
  }

  @Test
  void aKeyThatIsPresentButRejectedStillFailsFast() {
    env.put("OPENAI_API_KEY", "sk-wrong-key-123456");
    openai.enqueue(
        new MockResponse.Builder()
            .code(401)
            .body(
                "{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\","
                    + "\"code\":\"invalid_api_key\"}}")
            .build());
    Chain chain = registry().chain("openai/gpt-4o-mini,ollama/qwen3:8b");

    LlmException e =
        catchThrowableOfType(LlmException.class, () -> chain.call(Request.of(Message.user("hi"))));

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
    assertThat(e.getMessage()).doesNotContain("sk-wrong-key-123456");
    assertThat(ollama.getRequestCount()).isZero();
  }

  // ---- item 12: Ollama capability probing and refusals ----

  private static final ToolDefinition WEATHER =
      new ToolDefinition(
          "get_weather",
          "Current weather",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

  private static Request toolRequest() {
    return Request.of(Message.user("weather in Paris?")).withTools(List.of(WEATHER));
  }

  /** An old Ollama (no capabilities in /api/show) whose model refuses tools with a 400. */
  private void serveOllamaWithoutTools() {
    ollama.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/api/show")) {
              return json("{\"modelfile\":\"FROM gemma\"}");
            }
            if (request.getBody().utf8().contains("\"tools\"")) {
              return new MockResponse.Builder()
                  .code(400)
                  .addHeader("Content-Type", "application/json")
                  .body(
                      "{\"error\":\"registry.ollama.ai/library/gemma:2b does not support tools\"}")
                  .build();
            }
            return json(OLLAMA_REPLY);
          }
        });
  }

  @Test
  void threeToolRequestsThatOllamaRefusesDoNotBenchAModelThatServesPlainText() {
    serveOllamaWithoutTools();
    Registry registry = registry();
    Chain chain = registry.chain("ollama/gemma:2b");

    for (int i = 0; i < 3; i++) {
      ChainExhaustedException e =
          catchThrowableOfType(ChainExhaustedException.class, () -> chain.call(toolRequest()));
      assertThat(e.attempts())
          .extracting(Attempt::outcome)
          .containsExactly(Attempt.Outcome.SKIPPED);
      assertThat(e.attempts().get(0).detail()).contains("does not support tools", "400");
    }

    assertThat(registry.health().snapshot()).isEmpty();
    assertThat(events).noneMatch(ChainEvent.Benched.class::isInstance);
    assertThat(chain.call(Request.of(Message.user("hi"))).text()).isEqualTo("from ollama");
  }

  @Test
  void aStreamedToolRequestThatOllamaRefusesFailsOverWithoutBlame() {
    serveOllamaWithoutTools();
    env.put("OPENAI_API_KEY", "k-openai");
    openai.enqueue(sse(OPENAI_STREAM));
    Registry registry = registry();

    Response response;
    try (ResponseStream stream =
        registry.chain("ollama/gemma:2b,openai/gpt-4o-mini").stream(toolRequest())) {
      response = stream.collect();
    }

    assertThat(response.text()).isEqualTo("from openai");
    assertThat(response.attempts().get(0).outcome()).isEqualTo(Attempt.Outcome.SKIPPED);
    assertThat(response.attempts().get(0).detail()).contains("does not support tools");
    assertThat(registry.health().snapshot()).isEmpty();
  }

  /** An Ollama whose /api/show does not answer until {@link #release} is counted down. */
  private void serveSilentShow() {
    ollama.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (request.getUrl().encodedPath().equals("/api/show")) {
              showArrived.countDown();
              release.await(20, TimeUnit.SECONDS);
              return json("{\"capabilities\":[\"completion\",\"tools\"]}");
            }
            return json(OLLAMA_REPLY);
          }
        });
  }

  @Test
  void theCapabilityProbeObeysTheChainsDeadline() {
    serveSilentShow();
    Chain chain =
        registry()
            .chain("ollama/qwen3:8b", FailoverPolicy.DEFAULT.withDeadline(Duration.ofMillis(500)));

    long began = System.nanoTime();
    ChainExhaustedException e =
        catchThrowableOfType(ChainExhaustedException.class, () -> chain.call(toolRequest()));
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    assertThat(e).isInstanceOf(ChainDeadlineException.class);
    assertThat(took).as("the 500 ms deadline bounds the probe").isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aCallerWithAShortDeadlineDoesNotWaitForAnotherCallersProbe() throws Exception {
    serveSilentShow();
    Registry registry = registry();
    Chain patient = registry.chain("ollama/qwen3:8b");
    Chain hurried =
        registry.chain(
            "ollama/qwen3:8b", FailoverPolicy.DEFAULT.withDeadline(Duration.ofMillis(500)));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Response> first = pool.submit(() -> patient.call(toolRequest()));
      assertThat(showArrived.await(5, TimeUnit.SECONDS))
          .as("the first probe is in flight")
          .isTrue();

      long began = System.nanoTime();
      catchThrowableOfType(ChainDeadlineException.class, () -> hurried.call(toolRequest()));
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(took)
          .as("the second caller waits for the probe in flight only within its own deadline")
          .isLessThan(Duration.ofSeconds(3));

      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("from ollama");
    } finally {
      pool.shutdownNow();
    }
  }
}
