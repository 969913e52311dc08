package dev.majordomo.testing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.FinishReason;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The script of one fake model: a queue of outcomes, each consumed by one {@code call} or {@code
 * stream}, in order, whichever model opened on this id receives it. When the queue is empty the
 * {@linkplain #defaultReply default reply} answers; without one the call fails with a permanent
 * error that names the model. Every method returns this script, so that outcomes chain fluently:
 *
 * <pre>{@code
 * fake.model("a").fail(503).delay(Duration.ofSeconds(2)).reply("hello");
 * }</pre>
 *
 * <p>Errors are {@link LlmException}s built as a real provider builds them: the kind comes from
 * {@link ErrorClassifier#forHttp} for the status and provider code, and the target is the model's.
 * Thread-safe.
 */
public final class FakeModelScript {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String modelId;
  private final Deque<Step> queue = new ArrayDeque<>();
  private Duration pendingDelay = Duration.ZERO;
  private Response defaultReply;
  private Capabilities capabilities = Capabilities.unknown();

  /** An outcome and the scripted delay before it. */
  record Step(Duration delay, Outcome outcome) {}

  FakeModelScript(String modelId) {
    this.modelId = modelId;
  }

  /** {@return the model id this script answers for} */
  public String modelId() {
    return modelId;
  }

  /**
   * The next outcome: a plain text reply.
   *
   * @param text the reply's text
   * @return this script
   */
  public FakeModelScript reply(String text) {
    Objects.requireNonNull(text, "text");
    return enqueue(new Outcome.Reply(Response.ofText(text)));
  }

  /**
   * The next outcome: exactly this response (usage, finish reason, the provider's reply id and
   * model name and all; a stream ends with a {@link StreamEvent.Done} that carries them).
   *
   * @param response the response
   * @return this script
   */
  public FakeModelScript reply(Response response) {
    Objects.requireNonNull(response, "response");
    return enqueue(new Outcome.Reply(response));
  }

  /**
   * The next outcome: a reply that asks for these tool calls (finish reason tool calls).
   *
   * @param calls the tool calls, in order
   * @return this script
   */
  public FakeModelScript replyToolCalls(Part.ToolCall... calls) {
    if (calls.length == 0) {
      throw new IllegalArgumentException("replyToolCalls needs at least one tool call");
    }
    List<Part> parts = List.of(calls);
    return enqueue(
        new Outcome.Reply(
            new Response(
                Message.assistant(parts), Usage.NONE, FinishReason.TOOL_CALLS, null, null)));
  }

  /**
   * The next outcome: a reply whose text is {@code json}, as a model answering with structured
   * output would give.
   *
   * @throws IllegalArgumentException when {@code json} is not well-formed JSON (script malformed
   *     replies with {@link #reply(String)})
   * @param json the reply's text, well-formed JSON
   * @return this script
   */
  public FakeModelScript replyJson(String json) {
    Objects.requireNonNull(json, "json");
    try {
      JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "replyJson for fake model '"
              + modelId
              + "' is not well-formed JSON ("
              + e.getOriginalMessage()
              + "); use reply(String) to script a malformed reply",
          e);
    }
    return reply(json);
  }

  /**
   * The next outcome: an HTTP error with this status (429, 503, 529, 401, 404, …).
   *
   * @param status the HTTP status
   * @return this script
   */
  public FakeModelScript fail(int status) {
    return fail(status, null, null);
  }

  /**
   * The next outcome: an HTTP error with this status and provider error code (e.g. {@code
   * context_length_exceeded}, {@code insufficient_quota}, {@code model_not_found}).
   *
   * @param status the HTTP status
   * @param providerCode the provider's error code
   * @return this script
   */
  public FakeModelScript fail(int status, String providerCode) {
    return fail(status, providerCode, null);
  }

  /**
   * The next outcome: an HTTP error with this status, provider code and {@code Retry-After}.
   *
   * @param status the HTTP status
   * @param providerCode the provider's error code, or {@code null}
   * @param retryAfter the {@code Retry-After} delay, or {@code null}
   * @return this script
   */
  public FakeModelScript fail(int status, String providerCode, Duration retryAfter) {
    checkStatus(status);
    if (retryAfter != null && retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter cannot be negative, was " + retryAfter);
    }
    return enqueue(new Outcome.Failure(httpError(status, providerCode, retryAfter)));
  }

  /**
   * The next outcome: this error. An unchecked one is thrown as it is (the same instance); a
   * checked one is wrapped in an {@link LlmException} whose kind {@link ErrorClassifier#DEFAULT}
   * gives it ({@code IOException} transient, {@code InterruptedException} cancelled, …). An {@code
   * InterruptedException} also sets the calling thread's interrupt flag, as a provider that was
   * interrupted does.
   *
   * @param error what the call throws
   * @return this script
   */
  public FakeModelScript fail(Throwable error) {
    Objects.requireNonNull(error, "error");
    return enqueue(new Outcome.Failure(target -> asUnchecked(error, target)));
  }

  /**
   * Waits {@code duration} on the model's time source before the next outcome (delays add up). With
   * a {@code FakeTimeSource} this only moves the clock. When the request carries a timeout shorter
   * than the delay, the model waits the timeout and fails with a transient timeout error instead,
   * consuming the outcome, as a real provider would.
   *
   * @param duration how long the next call waits
   * @return this script
   */
  public FakeModelScript delay(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("delay cannot be negative, was " + duration);
    }
    synchronized (this) {
      pendingDelay = pendingDelay.plus(duration);
    }
    return this;
  }

  /**
   * The next outcome: a stream of these text deltas, then the end. A {@code call} that receives it
   * answers with their concatenation.
   *
   * @param deltas the text deltas, in order
   * @return this script
   */
  public FakeModelScript stream(String... deltas) {
    return enqueue(new Outcome.Stream(textEvents(deltas, true), -1, null));
  }

  /**
   * The next outcome: a stream that delivers the first {@code events} of {@code deltas} and then
   * fails with an HTTP error of this status. With {@code events == 0} it fails before any output,
   * which a chain treats like a failed call. A {@code call} that receives it fails.
   *
   * @param events how many deltas are delivered before the failure
   * @param status the HTTP status of the failure
   * @param deltas the text deltas, in order
   * @return this script
   */
  public FakeModelScript streamFailingAfter(int events, int status, String... deltas) {
    checkStatus(status);
    if (events < 0 || events > deltas.length) {
      throw new IllegalArgumentException(
          "events must be between 0 and the number of deltas ("
              + deltas.length
              + "), was "
              + events);
    }
    return enqueue(
        new Outcome.Stream(textEvents(deltas, false), events, httpError(status, null, null)));
  }

  /**
   * What the model reports it supports (unknown by default: everything counts as supported).
   *
   * @param value what the model supports
   * @return this script
   */
  public synchronized FakeModelScript capabilities(Capabilities value) {
    capabilities = Objects.requireNonNull(value, "capabilities");
    return this;
  }

  /**
   * The text reply given whenever the queue is empty; {@code null} removes it.
   *
   * @param text the default reply's text, or {@code null}
   * @return this script
   */
  public synchronized FakeModelScript defaultReply(String text) {
    defaultReply = text == null ? null : Response.ofText(text);
    return this;
  }

  /** {@return how many scripted outcomes are still queued (delays not counted)} */
  public synchronized int pending() {
    return queue.size();
  }

  /**
   * Drops every queued outcome and delay; the default reply and capabilities stay.
   *
   * @return this script
   */
  public synchronized FakeModelScript clear() {
    queue.clear();
    pendingDelay = Duration.ZERO;
    return this;
  }

  synchronized Capabilities currentCapabilities() {
    return capabilities;
  }

  /** Takes the next step: the queued one, else the default reply, else the "script empty" error. */
  synchronized Step take() {
    Step next = queue.poll();
    if (next != null) {
      return next;
    }
    Duration delay = pendingDelay;
    pendingDelay = Duration.ZERO;
    if (defaultReply != null) {
      return new Step(delay, new Outcome.Reply(defaultReply));
    }
    return new Step(
        delay,
        new Outcome.Failure(
            target ->
                LlmException.builder(
                        ErrorKind.PERMANENT,
                        "fake model '"
                            + modelId
                            + "' has no scripted outcome left and no default reply; script one"
                            + " with model(\""
                            + modelId
                            + "\").reply(…) or .defaultReply(…)")
                    .target(target)
                    .build()));
  }

  private synchronized FakeModelScript enqueue(Outcome outcome) {
    queue.add(new Step(pendingDelay, outcome));
    pendingDelay = Duration.ZERO;
    return this;
  }

  private static List<StreamEvent> textEvents(String[] deltas, boolean done) {
    List<StreamEvent> events = new ArrayList<>();
    for (String delta : deltas) {
      events.add(new StreamEvent.TextDelta(Objects.requireNonNull(delta, "delta")));
    }
    if (done) {
      events.add(new StreamEvent.Done(FinishReason.STOP));
    }
    return events;
  }

  private static void checkStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "a fake HTTP error needs a status from 400 to 599, was " + status);
    }
  }

  static Function<Target, RuntimeException> httpError(
      int status, String providerCode, Duration retryAfter) {
    return target ->
        LlmException.builder(
                ErrorClassifier.forHttp(status, providerCode),
                "fake HTTP " + status + (providerCode == null ? "" : " " + providerCode))
            .status(status)
            .providerCode(providerCode)
            .retryAfter(retryAfter)
            .target(target)
            .build();
  }

  private static RuntimeException asUnchecked(Throwable error, Target target) {
    if (error instanceof RuntimeException e) {
      return e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    if (error instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return LlmException.builder(ErrorClassifier.DEFAULT.classify(error), "fake failure: " + error)
        .target(target)
        .cause(error)
        .build();
  }

  @Override
  public synchronized String toString() {
    return "FakeModelScript["
        + modelId
        + ": "
        + queue.size()
        + " queued"
        + (defaultReply == null ? "" : ", default reply")
        + "]";
  }
}
