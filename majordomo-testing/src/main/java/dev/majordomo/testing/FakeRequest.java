package dev.majordomo.testing;

import dev.majordomo.llm.Request;
import dev.majordomo.llm.Target;
import java.time.Instant;
import java.util.Objects;

/**
 * One request a {@link FakeProvider} model received.
 *
 * @param modelId the scripted model's id ({@link FakeProvider#DEFAULT_MODEL} when the spec named
 *     none)
 * @param target the target of the model that received it (its host tells two {@code fake://} hosts
 *     apart)
 * @param request the request exactly as the model received it (a chain may have shortened its
 *     timeout)
 * @param streamed whether it came through {@code stream} rather than {@code call}
 * @param at when it arrived, on the time source the model was opened with
 */
public record FakeRequest(
    String modelId, Target target, Request request, boolean streamed, Instant at) {
  public FakeRequest {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(at, "at");
  }
}
