package dev.majordomo.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.HealthPolicy;
import dev.majordomo.internal.chain.ChainTarget;
import dev.majordomo.internal.chain.FailoverChain;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.testing.FakeTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the fault matrix found about how a chain bounds an attempt, pinned on the fake clock: a
 * deadline shortens an attempt but never lengthens a target's own timeout, and a plain request does
 * not make the chain ask a target for its capabilities (a round trip no deadline bounds).
 */
class ChainAttemptBoundsTest {
  private static final Target TARGET = Target.of("rec", "m");
  private static final Request HELLO = Request.of(Message.user("hello"));

  private final FakeTimeSource clock = new FakeTimeSource();
  private final HealthTracker health = new HealthTracker(HealthPolicy.DEFAULT, clock);

  /** Records the requests it gets and how often its capabilities were asked for. */
  private static final class RecordingModel implements Model {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger capabilityQueries = new AtomicInteger();
    final Capabilities capabilities;

    RecordingModel(Capabilities capabilities) {
      this.capabilities = capabilities;
    }

    @Override
    public Response call(Request request) {
      requests.add(request);
      return Response.ofText("ok");
    }

    @Override
    public ResponseStream stream(Request request) {
      throw new UnsupportedOperationException("not streamed here");
    }

    @Override
    public Capabilities capabilities() {
      capabilityQueries.incrementAndGet();
      return capabilities;
    }
  }

  private Chain chain(ChainTarget target, Duration deadline) {
    return new FailoverChain(
        List.of(target),
        health,
        FailoverPolicy.DEFAULT.withDeadline(deadline),
        ChainListener.NONE,
        clock);
  }

  @Test
  void aDeadlineLeavesATargetsShorterTimeoutAlone() {
    RecordingModel model = new RecordingModel(Capabilities.unknown());
    chain(new ChainTarget(TARGET, model, Duration.ofMillis(300)), Duration.ofSeconds(5))
        .call(HELLO);
    assertThat(model.requests.get(0).options().timeout())
        .as("no timeout in the request: the model applies its own 300 ms")
        .isNull();
  }

  @Test
  void aDeadlineShortensATargetsLongerTimeout() {
    RecordingModel model = new RecordingModel(Capabilities.unknown());
    chain(new ChainTarget(TARGET, model, Duration.ofSeconds(30)), Duration.ofSeconds(5))
        .call(HELLO);
    assertThat(model.requests.get(0).options().timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aDeadlineShortensATargetWithoutATimeout() {
    RecordingModel model = new RecordingModel(Capabilities.unknown());
    chain(new ChainTarget(TARGET, model), Duration.ofSeconds(5)).call(HELLO);
    assertThat(model.requests.get(0).options().timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theRequestsOwnTimeoutStillWinsOverTheTargetsWhenShorterThanTheDeadline() {
    RecordingModel model = new RecordingModel(Capabilities.unknown());
    Request request =
        HELLO.withOptions(GenerationOptions.DEFAULTS.withTimeout(Duration.ofSeconds(2)));
    chain(new ChainTarget(TARGET, model, Duration.ofMillis(300)), Duration.ofSeconds(5))
        .call(request);
    assertThat(model.requests.get(0).options().timeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aPlainRequestDoesNotAskForCapabilities() {
    RecordingModel model = new RecordingModel(Capabilities.unknown());
    chain(new ChainTarget(TARGET, model), Duration.ofSeconds(5)).call(HELLO);
    assertThat(model.capabilityQueries).hasValue(0);
  }

  @Test
  void aRequestWithToolsStillSkipsATargetKnownNotToTakeThem() {
    RecordingModel model = new RecordingModel(Capabilities.unknown().with(Capability.TOOLS, false));
    Request withTools =
        HELLO.withTools(List.of(new ToolDefinition("t", "a tool", "{\"type\":\"object\"}")));
    Chain chain = chain(new ChainTarget(TARGET, model), Duration.ofSeconds(5));
    assertThat(catchThrowable(() -> chain.call(withTools)))
        .isInstanceOf(ChainExhaustedException.class)
        .hasMessageContaining("skipped: no tool support");
    assertThat(model.capabilityQueries).hasPositiveValue();
    assertThat(model.requests).isEmpty();
  }
}
