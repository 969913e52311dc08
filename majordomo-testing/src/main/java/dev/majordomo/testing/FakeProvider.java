package dev.majordomo.testing;

import dev.majordomo.llm.Model;
import dev.majordomo.llm.ModelSpec;
import dev.majordomo.llm.Provider;
import dev.majordomo.llm.ProviderContext;
import dev.majordomo.llm.Request;
import dev.majordomo.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A scriptable provider for tests — Majordomo's and its users'. It makes no network calls: each
 * model id has a {@link FakeModelScript} of replies, errors, delays and streams, and every request
 * is recorded. {@link MajordomoTest} gives each test one, wired to a registry and the assistants;
 * without it:
 *
 * <pre>{@code
 * FakeProvider fake = new FakeProvider();
 * fake.model("primary").fail(503).fail(503).fail(503);
 * fake.model("backup").reply("hello");
 * Registry registry = Registry.builder()
 *     .withoutProviderDiscovery().provider(fake).env(Map.of()).time(new FakeTimeSource())
 *     .build();                                        // chain "fake/primary,fake/backup"
 * ...
 * assertEquals("Greet Ada.", fake.lastRequest("backup").userText());
 * }</pre>
 *
 * <p>Scheme {@code fake}. A model is scripted by its id: {@code fake/a} and a DSN {@code
 * fake://host/a} both play the script of {@code "a"} (a spec without an id plays {@link
 * #DEFAULT_MODEL}); their targets differ, so the health tracker tells them apart. A scripted delay
 * waits on the time source of the context the model was opened with: give the registry a {@code
 * FakeTimeSource} and nothing sleeps. It is registered for {@code ServiceLoader} by this artifact
 * only, never by the runtime, so production code cannot resolve {@code fake/…}. Thread-safe.
 */
public final class FakeProvider implements Provider {
  /** The scheme this provider serves. */
  public static final String SCHEME = "fake";

  /** The model id scripted for a spec that names no model. */
  public static final String DEFAULT_MODEL = "default";

  private final ConcurrentMap<String, FakeModelScript> scripts = new ConcurrentHashMap<>();
  private final List<FakeRequest> requests = new ArrayList<>();
  private int openStreams;

  /** A provider with no script and no recorded request. */
  public FakeProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  /**
   * The script of {@code modelId}, created empty the first time.
   *
   * @param modelId the model id
   * @return its script
   */
  public FakeModelScript model(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    return scripts.computeIfAbsent(modelId, FakeModelScript::new);
  }

  /** Opens a model that plays the script of the spec's model id. Never fails. */
  @Override
  public Model open(ModelSpec spec, ProviderContext context) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(context, "context");
    String id = spec.modelId() == null ? DEFAULT_MODEL : spec.modelId();
    return new FakeModel(this, model(id), spec.target(), context.time());
  }

  /**
   * Opens {@code fake/<modelId>} without a registry, for code under test that takes a {@link
   * Model}. Delays wait on {@code time}.
   *
   * @param modelId the model id
   * @param time the clock delays wait on
   * @return the model
   */
  public Model open(String modelId, TimeSource time) {
    Objects.requireNonNull(time, "time");
    return open(ModelSpec.of(SCHEME, modelId), new FakeContext(time));
  }

  /** {@return every request received, by every model, in order of arrival} */
  public synchronized List<FakeRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * The requests the models of {@code modelId} received, in order, as they received them (filter
   * {@link #requests()} for their {@link FakeRequest} records).
   *
   * @param modelId the model id
   * @return the requests, in order
   */
  public synchronized List<Request> requests(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    return requests.stream()
        .filter(r -> r.modelId().equals(modelId))
        .map(FakeRequest::request)
        .toList();
  }

  /**
   * The last request received, by any model.
   *
   * @return the request
   * @throws AssertionError when no request was received
   */
  public synchronized FakeRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError(
          "the fake provider received no request (scripted models: "
              + new TreeSet<>(scripts.keySet())
              + ")");
    }
    return requests.get(requests.size() - 1);
  }

  /**
   * The last request the models of {@code modelId} received.
   *
   * @param modelId the model id
   * @return the request
   * @throws AssertionError when they received none; the message says which models did
   */
  public synchronized FakeRequest lastRequest(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    for (int i = requests.size() - 1; i >= 0; i--) {
      if (requests.get(i).modelId().equals(modelId)) {
        return requests.get(i);
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    requests.forEach(r -> counts.merge(r.modelId(), 1, Integer::sum));
    throw new AssertionError(
        "fake model '"
            + modelId
            + "' received no request; "
            + (counts.isEmpty() ? "no fake model received any" : "requests by model: " + counts));
  }

  /**
   * How many streams were opened and are still live: neither closed nor read to their end nor
   * failed. A test can assert it is 0 to check that code under test releases its streams.
   *
   * @return the number of live streams
   */
  public synchronized int openStreams() {
    return openStreams;
  }

  /** Forgets every script and every recorded request. */
  public synchronized void reset() {
    scripts
        .values()
        .forEach(
            s ->
                s.clear()
                    .defaultReply(null)
                    .capabilities(dev.majordomo.llm.Capabilities.unknown()));
    requests.clear();
  }

  synchronized void record(FakeRequest request) {
    requests.add(request);
  }

  synchronized void streamOpened() {
    openStreams++;
  }

  synchronized void streamReleased() {
    openStreams--;
  }

  @Override
  public synchronized String toString() {
    return "FakeProvider[models="
        + new TreeSet<>(scripts.keySet())
        + ", requests="
        + requests.size()
        + "]";
  }
}
