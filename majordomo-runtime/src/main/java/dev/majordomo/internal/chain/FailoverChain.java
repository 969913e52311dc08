package dev.majordomo.internal.chain;

import dev.majordomo.chain.Chain;
import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.chain.ChainDeadlineException;
import dev.majordomo.chain.ChainEvent;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.chain.ChainListener;
import dev.majordomo.chain.FailoverPolicy;
import dev.majordomo.health.TargetHealth;
import dev.majordomo.internal.health.HealthTracker;
import dev.majordomo.internal.observation.CompositeObserver;
import dev.majordomo.llm.Attempt;
import dev.majordomo.llm.Cancellation;
import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Capability;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.StreamEvent;
import dev.majordomo.llm.Target;
import dev.majordomo.observation.AttemptObservation;
import dev.majordomo.observation.AttemptStart;
import dev.majordomo.observation.Observation;
import dev.majordomo.observation.Observer;
import dev.majordomo.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The {@link Chain} a registry builds: the targets, the registry's health tracker, a policy, a
 * listener and a clock. Not API: users obtain chains from the registry.
 */
public final class FailoverChain implements Chain {
  private static final System.Logger LOG = System.getLogger(Chain.class.getName());

  private final List<ChainTarget> targets;
  private final HealthTracker health;
  private final FailoverPolicy policy;
  private final Observer observer;

  /** {@link #observer} without those that see only chain events: who observes attempts. */
  private final Observer attemptObserver;

  private final TimeSource time;

  /**
   * The last "benched" skip of each target, by index: while a bench lasts, every call that skips
   * the target logs an equal attempt, and formatting its reason ({@code Instant.toString}) cost
   * more than the rest of the skip. Attempts are immutable, so sharing them is safe.
   */
  private final AtomicReferenceArray<Attempt> benchedSkips;

  /** The last "rate-limited" skip of each target, by index, for the same reason. */
  private final AtomicReferenceArray<RateLimitSkip> rateLimitSkips;

  private record RateLimitSkip(Instant until, Attempt attempt) {}

  /**
   * @param targets the targets in the order they are tried; at least one, each target once
   * @param health the tracker that benches failing targets (usually the registry's, shared by every
   *     chain)
   * @param policy retries, backoff, classification and deadline
   * @param listener receives every event of every call ({@link ChainListener#NONE} for none)
   * @param time the clock for backoff, deadlines and elapsed times
   */
  public FailoverChain(
      List<ChainTarget> targets,
      HealthTracker health,
      FailoverPolicy policy,
      ChainListener listener,
      TimeSource time) {
    this(targets, health, policy, Observer.of(Objects.requireNonNull(listener, "listener")), time);
  }

  /**
   * @param targets the targets in the order they are tried; at least one, each target once
   * @param health the tracker that benches failing targets
   * @param policy retries, backoff, classification and deadline
   * @param observer sees every attempt and event of every call ({@link Observer#NONE} for none);
   *     guarded, so one that throws never breaks a call
   * @param time the clock for backoff, deadlines and elapsed times
   */
  public FailoverChain(
      List<ChainTarget> targets,
      HealthTracker health,
      FailoverPolicy policy,
      Observer observer,
      TimeSource time) {
    Objects.requireNonNull(targets, "targets");
    this.targets = List.copyOf(targets);
    this.health = Objects.requireNonNull(health, "health");
    this.policy = Objects.requireNonNull(policy, "policy");
    health.allowCooldownsOf(policy.health());
    this.observer = Observer.all(Objects.requireNonNull(observer, "observer"));
    this.attemptObserver = CompositeObserver.steps(this.observer);
    this.time = Objects.requireNonNull(time, "time");
    if (this.targets.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one target");
    }
    this.benchedSkips = new AtomicReferenceArray<>(this.targets.size());
    this.rateLimitSkips = new AtomicReferenceArray<>(this.targets.size());
    Set<Target> seen = new HashSet<>();
    for (ChainTarget t : this.targets) {
      if (!seen.add(t.target())) {
        throw new IllegalArgumentException(
            "target " + t.target() + " appears twice in the chain " + this.targets);
      }
    }
  }

  @Override
  public List<Target> targets() {
    return targets.stream().map(ChainTarget::target).toList();
  }

  @Override
  public FailoverPolicy policy() {
    return policy;
  }

  /**
   * This chain with {@code extra} also receiving every event, after the chain's own listener. The
   * targets, health tracker, policy and clock are shared with this chain, so health stays one per
   * registry. Used for a listener given to one assistant rather than to the whole registry.
   */
  @Override
  public Chain withListener(ChainListener extra) {
    return withObserver(Observer.of(Objects.requireNonNull(extra, "extra")));
  }

  /**
   * This chain with {@code extra} also observing every call, after the chain's own observers; the
   * targets, health tracker, policy and clock are shared with this chain.
   */
  @Override
  public Chain withObserver(Observer extra) {
    Objects.requireNonNull(extra, "extra");
    if (extra == Observer.NONE) {
      return this;
    }
    return new FailoverChain(targets, health, policy, Observer.all(observer, extra), time);
  }

  /**
   * Calls the targets in order until one answers.
   *
   * @return the reply, annotated with the target that answered and every attempt
   * @throws ChainExhaustedException when no target answered ({@link ChainDeadlineException} when
   *     the deadline passed first)
   * @throws ChainCancelledException when the calling thread was interrupted or a target reported
   *     cancellation; the interrupt flag is set again
   * @throws RuntimeException the original error of a target that failed with an authentication,
   *     quota or other permanent error, unless the policy advances on those
   */
  @Override
  public Response call(Request request) {
    Objects.requireNonNull(request, "request");
    Run run = new Run(request, false);
    Success<Response> success =
        run.execute((model, req) -> Objects.requireNonNull(model.call(req), "null response"));
    success.observation().succeeded(success.value(), success.elapsed());
    health.recordSuccess(success.target());
    return success.value().routed(success.target(), run.log);
  }

  /**
   * Opens a stream on the first target that delivers an event. Failover (with the same rules as
   * {@link #call}) happens only until that first event: the stream's opening and its first event
   * are pulled here. After that an error ends the stream: it is thrown to the reader and recorded
   * as a failure of the target. A stream records a success when it delivers its final event ({@link
   * StreamEvent.Done}) or reaches its end; closing it from any thread is never a failure. Its
   * {@link ResponseStream#collect()} annotates the reply with the target and the attempts.
   *
   * @throws ChainExhaustedException when no target delivered a first event
   * @throws ChainCancelledException when the call was cancelled, as for {@link #call}
   * @throws RuntimeException a target's permanent error, as for {@link #call}
   */
  @Override
  public ResponseStream stream(Request request) {
    Objects.requireNonNull(request, "request");
    Run run = new Run(request, true);
    Success<Opened> success = run.execute(FailoverChain::openFirstEvent);
    Opened opened = success.value();
    AttemptObservation observation = success.observation();
    if (opened.first() != null) {
      observation.firstChunk(success.elapsed());
    }
    FailoverStream stream =
        new FailoverStream(
            this,
            success.target(),
            opened.stream(),
            opened.first(),
            run.log,
            success.limitAt(),
            observation,
            success.began());
    if (opened.first() == null) {
      stream.completed();
    }
    return stream;
  }

  /**
   * What the chain as a whole may support: a capability is known missing only when every target is
   * known to lack it, and known present when some target is known to have it.
   */
  @Override
  public Capabilities capabilities() {
    Capabilities union = Capabilities.unknown();
    for (Capability capability : Capability.values()) {
      boolean allKnown = true;
      boolean anySupports = false;
      for (ChainTarget t : targets) {
        Optional<Boolean> known = t.model().capabilities().known(capability);
        allKnown &= known.isPresent();
        anySupports |= known.orElse(false);
      }
      if (anySupports) {
        union = union.with(capability, true);
      } else if (allKnown) {
        union = union.with(capability, false);
      }
    }
    return union;
  }

  @Override
  public String toString() {
    return "Chain" + targets;
  }

  /** A stream the chain handed out ended normally. */
  void streamCompleted(Target target) {
    health.recordSuccess(target);
  }

  /**
   * A stream the chain handed out failed after its first event.
   *
   * @param callersLimitPassed whether the time limit the caller gave the stream (the chain's
   *     deadline, the request's timeout) had run out when it failed: a transient failure then is
   *     that limit cutting the stream, not the target's fault
   */
  ErrorKind streamFailed(
      Target target, RuntimeException error, Duration elapsed, boolean callersLimitPassed) {
    ErrorKind kind = classify(error);
    emit(new ChainEvent.Failed(target, kind, error, elapsed));
    if (kind == ErrorKind.CANCELLED
        || kind == ErrorKind.CANNOT_SERVE
        || (kind == ErrorKind.TRANSIENT && callersLimitPassed)) {
      return kind;
    }
    recordFailure(target);
    return kind;
  }

  /** Whether anyone observes attempts: a stream then keeps what it delivered for them. */
  boolean observed() {
    return attemptObserver != Observer.NONE;
  }

  TimeSource time() {
    return time;
  }

  private static Opened openFirstEvent(Model model, Request request) {
    ResponseStream stream = Objects.requireNonNull(model.stream(request), "null stream");
    try {
      return new Opened(stream, stream.hasNext() ? stream.next() : null);
    } catch (RuntimeException | Error e) {
      closeQuietly(stream);
      throw e;
    }
  }

  static void closeQuietly(ResponseStream stream) {
    try {
      stream.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing an abandoned stream failed", e);
    }
  }

  private ErrorKind classify(Throwable error) {
    ErrorKind kind;
    try {
      kind = policy.classifier().classify(error);
    } catch (RuntimeException e) {
      // A broken classifier must not hide the provider's error: fall back to the default.
      LOG.log(
          System.Logger.Level.WARNING, "the chain's error classifier threw; using the default", e);
      kind = null;
    }
    return kind != null ? kind : dev.majordomo.llm.ErrorClassifier.DEFAULT.classify(error);
  }

  /**
   * Records a {@code 429} that says when to come back (a {@code Retry-After}): other calls skip the
   * target until then. Only a 429: another status with a {@code Retry-After} (a 503 during
   * maintenance) is a failure like any other.
   */
  private void recordRateLimit(Target target, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof LlmException e) {
        if (e.status().orElse(0) == 429 && e.retryAfter().isPresent()) {
          health.recordRateLimit(target, e.retryAfter().get(), policy.health());
        }
        return;
      }
    }
  }

  /** Records a failure; emits {@link ChainEvent.Benched} if it benched the target. */
  private void recordFailure(Target target) {
    health
        .recordFailure(target, policy.health())
        .ifPresent(until -> emit(new ChainEvent.Benched(target, until)));
  }

  /** Tells the observers (guarded: one that throws is logged and ignored). */
  void emit(ChainEvent event) {
    observer.chainEvent(event);
  }

  /**
   * Whether serving {@code request} depends on a capability. Only then are a target's capabilities
   * consulted: a provider may have to ask its server for them (Ollama's {@code /api/show}), a round
   * trip that a plain request should not pay.
   */
  private static boolean needsCapability(Request request) {
    return request.hasImages() || !request.tools().isEmpty() || request.responseSchema() != null;
  }

  private static String missingReason(Capability capability) {
    return switch (capability) {
      case IMAGES -> "no image support";
      case TOOLS -> "no tool support";
      case STRUCTURED_OUTPUT -> "no structured output support";
    };
  }

  /** One attempt at one target: a call, or opening a stream and pulling its first event. */
  @FunctionalInterface
  private interface Step<R> {
    R attempt(Model model, Request request);
  }

  /**
   * @param limitAt when the time limit the caller gave the successful attempt runs out (its
   *     request's timeout, or the time left before the chain's deadline), or {@code null} for none
   */
  private record Success<R>(
      Target target,
      R value,
      Instant limitAt,
      Instant began,
      Duration elapsed,
      AttemptObservation observation) {}

  private record Opened(ResponseStream stream, StreamEvent first) {}

  /** What to do after a failed attempt. */
  private enum Next {
    RETRY,
    NEXT_TARGET
  }

  /** The state of one call: its attempt log and deadline. */
  private final class Run {
    private final Request request;
    // whether a tool result holds images, which a target without image support gets as a note
    private final boolean toolImages;
    private final boolean stream;
    private final Instant deadlineAt;
    private final List<Attempt> log = new ArrayList<>();

    Run(Request request, boolean stream) {
      this.request = request;
      this.toolImages = ToolImages.present(request);
      this.stream = stream;
      this.deadlineAt = policy.deadline() == null ? null : time.now().plus(policy.deadline());
    }

    // "try": an observation's scope is entered only for what runs inside it, never read.
    @SuppressWarnings("try")
    <R> Success<R> execute(Step<R> step) {
      for (int index = 0; index < targets.size(); index++) {
        ChainTarget candidate = targets.get(index);
        Target target = candidate.target();
        checkInterrupt(null);
        checkDeadline(index);
        // One map lookup, and a clock read only for a target with something on record.
        TargetHealth entry = health.entry(target);
        if (entry != null) {
          Instant now = time.now();
          if (entry.isBenchedAt(now)) {
            skip(benchedSkip(index, target, entry.benchedUntil()));
            continue;
          }
          if (entry.isRateLimitedAt(now)) {
            skip(rateLimitedSkip(index, target, entry.rateLimitedUntil()));
            continue;
          }
        }
        Optional<Capability> missing = Optional.empty();
        boolean withoutToolImages = false;
        if (toolImages || needsCapability(request)) {
          // Bounded by the time left: finding out may take a round trip (Ollama's /api/show).
          Capabilities capabilities = candidate.model().capabilities(attemptRequest(candidate));
          missing = capabilities.missingFor(request);
          withoutToolImages = toolImages && !capabilities.supports(Capability.IMAGES);
          checkInterrupt(null);
          checkDeadline(index);
        }
        if (missing.isPresent()) {
          skip(Attempt.skipped(target, missingReason(missing.get())));
          continue;
        }
        for (int attempt = 1; ; attempt++) {
          checkInterrupt(null);
          if (attempt > 1) {
            checkDeadline(index + 1);
          }
          emit(new ChainEvent.AttemptStarted(target, attempt));
          Instant began = time.now();
          Request sent = attemptRequest(candidate);
          if (withoutToolImages) {
            sent = ToolImages.removed(sent);
          }
          AttemptObservation observation = startAttempt(candidate, attempt, sent);
          R value;
          try (Observation.Scope entered = observation.enter()) {
            value = step.attempt(candidate.model(), sent);
          } catch (RuntimeException e) {
            Next next =
                onFailure(target, attempt, e, Duration.between(began, time.now()), observation);
            if (next == Next.RETRY) {
              continue;
            }
            break;
          } catch (Error e) {
            // Not a target's failure the chain can act on, but its attempt still ends.
            observation.failed(ErrorKind.PERMANENT, e, Duration.between(began, time.now()));
            throw e;
          }
          Duration elapsed = Duration.between(began, time.now());
          log.add(Attempt.succeeded(target, elapsed));
          emit(new ChainEvent.Succeeded(target, elapsed));
          // The caller's limit: the request's timeout, or the time left before the chain's
          // deadline that attemptRequest put there. A DSN timeout is the target's own setting.
          Duration limit = sent.options().timeout();
          return new Success<>(
              target, value, limit == null ? null : began.plus(limit), began, elapsed, observation);
        }
      }
      // The last attempt may have ended because the deadline passed: then say so.
      checkDeadline(targets.size());
      emit(new ChainEvent.Exhausted(log));
      throw new ChainExhaustedException(log);
    }

    private AttemptObservation startAttempt(ChainTarget candidate, int attempt, Request sent) {
      if (attemptObserver == Observer.NONE) {
        return AttemptObservation.NONE;
      }
      ChainTarget.Endpoint endpoint = candidate.endpoint();
      return attemptObserver.attemptStarted(
          new AttemptStart(
              candidate.target(), attempt, sent, stream, endpoint.host(), endpoint.port()));
    }

    /**
     * Decides what a failure means; throws when it ends the call, sleeps before a retry. The
     * attempt's observation ends first, so that its span closes before a retry's wait.
     */
    private Next onFailure(
        Target target,
        int attempt,
        RuntimeException error,
        Duration elapsed,
        AttemptObservation observation) {
      ErrorKind kind = classify(error);
      observation.failed(kind, error, elapsed);
      if (kind == ErrorKind.CANNOT_SERVE) {
        // Not a fault of the target: it cannot serve this request (an image over its limits, no
        // credentials, a capability it refuses), and another target may. Logged as a skip, like
        // a known missing capability; never retried, never counted against its health.
        skip(Attempt.skipped(target, error, elapsed));
        LOG.log(System.Logger.Level.DEBUG, () -> "target skipped: " + log.get(log.size() - 1));
        checkInterrupt(error);
        return Next.NEXT_TARGET;
      }
      log.add(Attempt.failed(target, error, kind, elapsed));
      emit(new ChainEvent.Failed(target, kind, error, elapsed));
      LOG.log(System.Logger.Level.DEBUG, () -> "attempt failed: " + log.get(log.size() - 1));
      if (kind == ErrorKind.CANCELLED) {
        throw cancelled(error);
      }
      checkInterrupt(error);
      switch (kind) {
        case TRANSIENT -> {
          // The attempt had only the time left before the caller's deadline, and ran out of it
          // (or failed just as it did): then the deadline cut it, not the target.
          boolean cutByDeadline = deadlineAt != null && !time.now().isBefore(deadlineAt);
          if (!cutByDeadline) {
            recordFailure(target);
          }
          // The provider's word on when to come back holds for every call, not only this one
          // (which still waits the capped Retry-After below and retries if it may).
          recordRateLimit(target, error);
          if (cutByDeadline) {
            return Next.NEXT_TARGET;
          }
          // Benched by this failure or by another caller meanwhile: retrying would only add load.
          if (attempt > policy.transientRetries() || health.isBenched(target)) {
            return Next.NEXT_TARGET;
          }
          Duration delay = retryDelay(error, attempt);
          if (deadlineAt != null && !time.now().plus(delay).isBefore(deadlineAt)) {
            // The retry could not start before the deadline; a later target still might.
            return Next.NEXT_TARGET;
          }
          emit(new ChainEvent.Retrying(target, attempt + 1, delay));
          try {
            // Ends early when the caller cancels (a closed stream, a cancelled future).
            Cancellation.current().sleep(time, delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelled(e);
          } catch (CancellationException e) {
            throw cancelled(e);
          }
          return Next.RETRY;
        }
        case NOT_FOUND -> {
          recordFailure(target);
          return Next.NEXT_TARGET;
        }
        case CONTEXT_LENGTH -> {
          return Next.NEXT_TARGET;
        }
        default -> {
          if (policy.advanceOnPermanent()) {
            return Next.NEXT_TARGET;
          }
          throw error;
        }
      }
    }

    /** The backoff before retry number {@code attempt}, or the target's capped Retry-After. */
    private Duration retryDelay(Throwable error, int attempt) {
      Optional<Duration> retryAfter = retryAfter(error);
      if (retryAfter.isPresent()) {
        Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
        return asked.compareTo(policy.retryAfterCap()) > 0 ? policy.retryAfterCap() : asked;
      }
      return policy.backoff(attempt);
    }

    private Optional<Duration> retryAfter(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        if (t instanceof dev.majordomo.llm.LlmException e) {
          return e.retryAfter();
        }
      }
      return Optional.empty();
    }

    /**
     * The request with its timeout shortened to the time left before the deadline. The attempt's
     * own timeout is the request's, else the target's (its DSN's {@code timeout=}): when that is
     * already shorter, the request is left alone, so a deadline never lengthens an attempt.
     */
    private Request attemptRequest(ChainTarget candidate) {
      if (deadlineAt == null) {
        return request;
      }
      Duration left = Duration.between(time.now(), deadlineAt);
      if (left.isNegative() || left.isZero()) {
        // The deadline passed since it was checked: a minimal timeout fails the attempt at once
        // (an GenerationOptions timeout must be positive), and the next check reports the deadline.
        left = Duration.ofNanos(1);
      }
      GenerationOptions options = request.options();
      Duration own = options.timeout() != null ? options.timeout() : candidate.timeout();
      if (own != null && own.compareTo(left) <= 0) {
        return request;
      }
      return request.withOptions(options.withTimeout(left));
    }

    /** A skip because of a {@code 429}'s {@code Retry-After}, reused while the same one lasts. */
    private Attempt rateLimitedSkip(int index, Target target, Instant until) {
      RateLimitSkip last = rateLimitSkips.get(index);
      if (last != null && until.equals(last.until())) {
        return last.attempt();
      }
      Attempt fresh = Attempt.skipped(target, "rate-limited until " + until);
      rateLimitSkips.set(index, new RateLimitSkip(until, fresh));
      return fresh;
    }

    /** {@link Attempt#skippedBenched}, reused while the same bench lasts. */
    private Attempt benchedSkip(int index, Target target, Instant until) {
      Attempt last = benchedSkips.get(index);
      if (last != null && until.equals(last.benchedUntil())) {
        return last;
      }
      Attempt fresh = Attempt.skippedBenched(target, until);
      benchedSkips.set(index, fresh);
      return fresh;
    }

    private void skip(Attempt attempt) {
      log.add(attempt);
      emit(new ChainEvent.Skipped(attempt.target(), attempt.detail()));
    }

    private void checkInterrupt(Throwable cause) {
      if (Thread.currentThread().isInterrupted()) {
        throw cancelled(cause);
      }
      if (Cancellation.current().isCancelled()) {
        throw cancelled(
            cause != null ? cause : new CancellationException("the call was cancelled"));
      }
    }

    /** Stops the call if the deadline passed; targets from {@code firstUntried} were not tried. */
    private void checkDeadline(int firstUntried) {
      if (deadlineAt == null || time.now().isBefore(deadlineAt)) {
        return;
      }
      for (int i = firstUntried; i < targets.size(); i++) {
        skip(Attempt.skipped(targets.get(i).target(), "deadline passed"));
      }
      emit(new ChainEvent.Exhausted(log));
      throw new ChainDeadlineException(policy.deadline(), log);
    }

    private ChainCancelledException cancelled(Throwable cause) {
      // A provider that caught an InterruptedException consumed the caller's interrupt: restore it.
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return new ChainCancelledException(log, cause);
    }
  }
}
