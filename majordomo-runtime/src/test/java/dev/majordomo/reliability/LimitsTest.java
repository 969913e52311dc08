package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.Limits;
import dev.majordomo.Registry;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.internal.http.HttpTransport;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import dev.majordomo.provider.TestProviderContext;
import dev.majordomo.testing.FakeTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every limit of {@link Limits}: its default, a configured value reaching the providers and the
 * assistant runtime through the registry, and what happens when it is exceeded.
 */
@Timeout(30)
class LimitsTest {
  private ScriptedServer scripted;
  private MockWebServer server;
  private final FakeTimeSource time = new FakeTimeSource();

  @BeforeEach
  void start() throws IOException {
    scripted = new ScriptedServer();
    server = scripted.server;
  }

  @AfterEach
  void stop() {
    scripted.close();
  }

  private Registry registry(ProviderBodies wire, Limits limits) {
    return Registry.builder()
        .env(Map.of())
        .time(time)
        .limits(limits)
        .failoverPolicy(FailoverPolicy.DEFAULT.withTransientRetries(0))
        .model("m", wire.dsn(server, "tok-123456"))
        .build();
  }

  private static LlmException cause(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ChainExhaustedException.class);
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0]).isInstanceOf(LlmException.class);
    return (LlmException) thrown.getSuppressed()[0];
  }

  // ---- defaults and validation ----

  @Test
  void theDefaultsAreSafeAndDocumented() {
    assertThat(Limits.DEFAULTS)
        .isEqualTo(
            new Limits(
                16L << 20,
                1L << 20,
                20_000_000L,
                100_000,
                8,
                Duration.ofMinutes(10),
                Duration.ofMinutes(10),
                Duration.ofMinutes(2)));
    assertThat(Registry.builder().withoutProviderDiscovery().build().limits())
        .isEqualTo(Limits.DEFAULTS);
    ProviderContext context = new TestProviderContext(Map.of(), time, new OkHttpClient());
    assertThat(context.limits()).isEqualTo(Limits.DEFAULTS);
  }

  @Test
  void everyLimitMustBePositive() {
    Limits d = Limits.DEFAULTS;
    assertThatThrownBy(() -> d.withMaxResponseBytes(0)).hasMessageContaining("maxResponseBytes");
    assertThatThrownBy(() -> d.withMaxStreamLineBytes(-1))
        .hasMessageContaining("maxStreamLineBytes");
    assertThatThrownBy(() -> d.withMaxImageBytes(0)).hasMessageContaining("maxImageBytes");
    assertThatThrownBy(() -> d.withMaxToolOutputChars(0))
        .hasMessageContaining("maxToolOutputChars");
    assertThatThrownBy(() -> d.withMaxToolRounds(-1)).hasMessageContaining("maxToolRounds");
    assertThatThrownBy(() -> d.withCallDeadline(Duration.ZERO))
        .hasMessageContaining("callDeadline");
    assertThatThrownBy(() -> d.withCallDeadline(null)).isInstanceOf(NullPointerException.class);
    assertThat(d.withMaxToolRounds(0).maxToolRounds()).isZero();
    assertThatThrownBy(() -> Registry.builder().limits(null))
        .isInstanceOf(NullPointerException.class);
  }

  // ---- maxResponseBytes ----

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aReplyOverMaxResponseBytesIsATransientError(ProviderBodies wire) {
    String big = "x".repeat(4000);
    scripted.enqueue(new MockResponse.Builder().body(wire.reply(big)).build());
    scripted.enqueue(new MockResponse.Builder().body(wire.reply(big)).build());
    Request hi = Request.of(Message.user("hi"));

    assertThat(registry(wire, Limits.DEFAULTS).model("m").call(hi).text()).isEqualTo(big);

    Throwable thrown =
        catchThrowable(
            () -> registry(wire, Limits.DEFAULTS.withMaxResponseBytes(2048)).model("m").call(hi));
    LlmException e = cause(thrown);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage())
        .contains("larger than 2048 bytes")
        .contains("Limits.maxResponseBytes");
  }

  // ---- maxStreamLineBytes ----

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamLineOverMaxStreamLineBytesIsATransientError(ProviderBodies wire) {
    String big = "y".repeat(3000);
    scripted.enqueue(new MockResponse.Builder().body(wire.stream(big)).build());
    scripted.enqueue(new MockResponse.Builder().body(wire.stream(big)).build());
    Request hi = Request.of(Message.user("hi"));

    assertThat(registry(wire, Limits.DEFAULTS).model("m").stream(hi).collect().text())
        .isEqualTo(big);

    Throwable thrown =
        catchThrowable(
            () ->
                registry(wire, Limits.DEFAULTS.withMaxStreamLineBytes(1024)).model("m").stream(hi)
                    .collect());
    LlmException e = cause(thrown);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage())
        .contains("longer than 1024 bytes")
        .contains("Limits.maxStreamLineBytes");
  }

  // ---- maxImageBytes ----

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void anImageOverMaxImageBytesIsRefusedBeforeAnythingIsSent(ProviderBodies wire) throws Exception {
    Image image = Image.fromBytes(TestProviderContext.png(64, 64));
    Request withImage =
        Request.of(new Message(dev.majordomo.llm.Role.USER, List.of(Part.image(image))));
    scripted.enqueue(new MockResponse.Builder().body(wire.reply("a red dot")).build());

    assertThat(registry(wire, Limits.DEFAULTS).model("m").call(withImage).text())
        .isEqualTo("a red dot");
    assertThat(scripted.calls()).hasSize(1);

    long limit = image.byteCount() - 1;
    Model limited = registry(wire, Limits.DEFAULTS.withMaxImageBytes(limit)).model("m");
    // The model is a chain of one: the target that cannot take the image is skipped with the
    // reason, and the ImageException is attached to the exhaustion error.
    Throwable thrown = catchThrowable(() -> limited.call(withImage));
    assertThat(thrown)
        .isInstanceOf(ChainExhaustedException.class)
        .hasMessageContaining("skipped: ")
        .hasMessageContaining(String.valueOf(image.byteCount()))
        .hasMessageContaining(String.valueOf(limit));
    assertThat(thrown.getSuppressed())
        .singleElement()
        .isInstanceOf(ImageException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains(String.valueOf(limit));
    assertThat(scripted.calls()).as("nothing was sent").hasSize(1);
  }

  // ---- maxToolOutputChars and maxToolRounds: AssistantLimitsTest in the tests module runs them
  // through an assistant the processor generated ----

  // ---- callDeadline ----

  private HttpTransport transport(Limits limits) {
    return HttpTransport.builder(new Target("t", "h", -1, "m")).limits(limits).build();
  }

  private okhttp3.Request get() {
    return new okhttp3.Request.Builder().url(server.url("/")).build();
  }

  @Test
  void theCallersTimeoutThenTheClientsCallTimeoutWinOverTheDeadline() {
    HttpTransport patient = transport(Limits.DEFAULTS.withCallDeadline(Duration.ofMinutes(30)));
    OkHttpClient client = new OkHttpClient();
    scripted.enqueue(
        new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build());
    LlmException e =
        (LlmException)
            catchThrowable(
                () -> patient.executeJson(client, get(), Duration.ofMillis(200), "the reply"));
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 200 ms");

    OkHttpClient bounded = client.newBuilder().callTimeout(Duration.ofMillis(300)).build();
    scripted.enqueue(
        new MockResponse.Builder().body("{}").headersDelay(5, TimeUnit.SECONDS).build());
    e = (LlmException) catchThrowable(() -> patient.executeJson(bounded, get(), null, "the reply"));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 300 ms");
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aCallOverTheDeadlineTimesOut(ProviderBodies wire) {
    scripted.enqueue(
        new MockResponse.Builder()
            .body(wire.reply("late"))
            .headersDelay(5, TimeUnit.SECONDS)
            .build());
    Model model =
        registry(wire, Limits.DEFAULTS.withCallDeadline(Duration.ofMillis(300))).model("m");

    LlmException e = cause(catchThrowable(() -> model.call(Request.of(Message.user("hi")))));
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out: the call took longer than its limit of 300 ms");
  }

  @ParameterizedTest
  @EnumSource(ProviderBodies.class)
  void aStreamThatKeepsTricklingIsCutAtTheTimeoutTheCallerGaveIt(ProviderBodies wire) {
    // Bytes keep coming, so neither the read timeout nor the stream's idle time-out fires; the
    // call deadline does not apply to streams; only the caller's own timeout ends the stream.
    String body = wire.stream("z".repeat(20_000));
    scripted.enqueue(
        new MockResponse.Builder()
            .body(body)
            .throttleBody(body.length() / 100, 100, TimeUnit.MILLISECONDS)
            .build());
    Model model = registry(wire, Limits.DEFAULTS).model("m");
    Request hurried =
        Request.of(Message.user("hi"))
            .withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofMillis(400)));

    long started = System.nanoTime();
    Throwable thrown =
        catchThrowable(
            () -> {
              try (ResponseStream stream = model.stream(hurried)) {
                while (stream.hasNext()) {
                  stream.next();
                }
              }
            });
    // The whole body would take 10 s to arrive.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    LlmException e = thrown instanceof LlmException direct ? direct : cause(thrown);
    assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(e.getMessage()).contains("timed out");
  }
}
