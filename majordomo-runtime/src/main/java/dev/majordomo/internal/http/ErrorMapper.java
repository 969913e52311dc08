package dev.majordomo.internal.http;

import dev.majordomo.llm.ErrorClassifier;
import dev.majordomo.llm.ErrorKind;

/** Decides the kind of an HTTP error from its status and what the body said. */
@FunctionalInterface
public interface ErrorMapper {
  /**
   * @param status the HTTP status, or {@code -1} for an error event inside a 200 stream
   * @param error what the body said (never {@code null})
   */
  ErrorKind kind(int status, ProviderError error);

  /** {@link ErrorClassifier#forHttp} on the status and the provider's code. */
  ErrorMapper DEFAULT = (status, error) -> ErrorClassifier.forHttp(status, error.code());
}
