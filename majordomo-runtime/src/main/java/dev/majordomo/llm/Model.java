package dev.majordomo.llm;

import java.net.URI;
import java.util.Optional;

/**
 * Something that answers requests: one provider's model, or a whole chain of them (a chain is
 * itself a {@code Model}). Implementations are thread-safe.
 */
public interface Model {

  /**
   * Sends the request and waits for the whole reply.
   *
   * @param request the request
   * @return the reply
   * @throws LlmException when the call fails (a chain throws its exhaustion error instead)
   */
  Response call(Request request);

  /**
   * Sends the request and returns the reply as a stream of events. Errors before the first event
   * may be thrown here or from the stream's first {@code hasNext()}.
   *
   * @param request the request
   * @return the stream; close it
   */
  ResponseStream stream(Request request);

  /** {@return what this model is known to support; unknown by default} */
  default Capabilities capabilities() {
    return Capabilities.unknown();
  }

  /**
   * What this model is known to support, as far as it can tell in time to serve {@code request}. A
   * model that must ask its server (Ollama's {@code /api/show}) bounds that question by the
   * request's {@link GenerationOptions#timeout()}, which a chain sets to the time left before its
   * deadline, and answers unknown when it cannot tell in time. By default {@link #capabilities()}.
   *
   * @param request the request about to be sent
   * @return what this model is known to support
   */
  default Capabilities capabilities(Request request) {
    return capabilities();
  }

  /**
   * {@return where this model sends its requests: a URI with only a scheme, host and port (never
   * user info, a path or a query), for telemetry's {@code server.address} and {@code server.port};
   * empty when it makes no network call or does not say}
   */
  default Optional<URI> endpoint() {
    return Optional.empty();
  }
}
