package dev.majordomo.internal.http;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model opened with everything checked and nothing built: the provider has read and checked the
 * spec (parameters, endpoint, token, headers) when it opened the model, and the model's working
 * parts (its HTTP transport, its request codec and error mapping) are built on its first call.
 * Opening is what resolving a chain does, and what a registry's start-up checks do for every
 * configured model; building the parts then would load about a hundred classes per provider for a
 * call that may come much later or never (see {@link OnFirstUse}, which does the same for the HTTP
 * client, URLs and headers).
 *
 * <p>The parts are built once, by the first call or stream (or the first question about
 * capabilities that only the built model can answer); a build that fails is tried again on the next
 * one. The first call pays for the build (class loading, no I/O: a few tens of milliseconds once
 * per JVM), and calls arriving meanwhile wait for it. Thread-safe.
 *
 * <p>Internal: see the package documentation.
 */
public final class DeferredModel implements Model {
  private final Target target;
  private final Optional<URI> endpoint;
  private final Capabilities capabilities;
  private final OnFirstUse<Model> model;

  /**
   * @param target the model's target, which {@link #toString()} names until the model is built
   * @param endpoint what {@link #endpoint()} answers without building the model
   * @param capabilities what both {@code capabilities} methods answer without building the model
   *     (the built model must answer the same, for every request), or {@code null} when only the
   *     built model can tell (it then answers both)
   * @param parts builds the model; it must not fail for a reason the provider could have checked
   *     when it opened this one
   */
  public DeferredModel(
      Target target,
      Optional<URI> endpoint,
      Capabilities capabilities,
      Supplier<? extends Model> parts) {
    this.target = Objects.requireNonNull(target, "target");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.capabilities = capabilities;
    this.model = new OnFirstUse<>(parts);
  }

  @Override
  public Response call(Request request) {
    return model.get().call(request);
  }

  @Override
  public ResponseStream stream(Request request) {
    return model.get().stream(request);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities != null ? capabilities : model.get().capabilities();
  }

  @Override
  public Capabilities capabilities(Request request) {
    return capabilities != null ? capabilities : model.get().capabilities(request);
  }

  @Override
  public Optional<URI> endpoint() {
    return endpoint;
  }

  /** The built model's own description once it is built; its target until then. Never a token. */
  @Override
  public String toString() {
    Model built = model.made();
    return built != null ? built.toString() : "DeferredModel[" + target + ", not built yet]";
  }
}
