package dev.majordomo.llm;

import dev.majordomo.media.ImageException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Decides what a failure means for failover. The {@link #DEFAULT} classifier trusts the kind an
 * {@link LlmException} carries and maps I/O and interruption; a custom classifier may refine it and
 * delegate the rest to {@code DEFAULT}.
 */
@FunctionalInterface
public interface ErrorClassifier {

  /**
   * Classifies a failure.
   *
   * @param error what a call threw
   * @return what it means for failover
   */
  ErrorKind classify(Throwable error);

  /** The default classification. */
  ErrorClassifier DEFAULT = ErrorClassifier::classifyByDefault;

  private static ErrorKind classifyByDefault(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof LlmException e) {
        return e.kind();
      }
      if (t instanceof ImageException) {
        // An image this target cannot take (size, format, pixels, a URL it cannot fetch): checked
        // before sending, so another target with other limits may still serve the request.
        return ErrorKind.CANNOT_SERVE;
      }
      if (t instanceof InterruptedException || t instanceof CancellationException) {
        return ErrorKind.CANCELLED;
      }
      if (t instanceof SocketTimeoutException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SocketException
          || t instanceof java.io.EOFException) {
        return ErrorKind.TRANSIENT;
      }
      if (t instanceof InterruptedIOException) {
        // OkHttp reports both timeouts and cancellation this way; only "Canceled" is the caller.
        return "Canceled".equalsIgnoreCase(t.getMessage())
            ? ErrorKind.CANCELLED
            : ErrorKind.TRANSIENT;
      }
      if (t instanceof java.io.IOException) {
        return ErrorKind.TRANSIENT;
      }
    }
    return ErrorKind.PERMANENT;
  }

  /**
   * The kind of an HTTP error from its status and the provider's error code (either may be unknown:
   * a status below 0, a {@code null} code).
   *
   * @param status the HTTP status, or a negative number when unknown
   * @param providerCode the provider's error code, or {@code null}
   * @return the kind
   */
  static ErrorKind forHttp(int status, String providerCode) {
    String code = providerCode == null ? "" : providerCode.toLowerCase(Locale.ROOT);
    if (code.contains("insufficient_quota") || code.contains("billing")) {
      return ErrorKind.QUOTA;
    }
    if (code.contains("context_length") || code.contains("context_window")) {
      return ErrorKind.CONTEXT_LENGTH;
    }
    if (code.equals("model_not_found") || code.equals("not_found_error")) {
      return ErrorKind.NOT_FOUND;
    }
    if (code.equals("overloaded_error") || code.equals("rate_limit_exceeded")) {
      return ErrorKind.TRANSIENT;
    }
    return switch (status) {
      case 401, 403 -> ErrorKind.AUTH;
      case 402 -> ErrorKind.QUOTA;
      case 404 -> ErrorKind.NOT_FOUND;
      case 408, 409, 425, 429 -> ErrorKind.TRANSIENT;
      default -> status >= 500 ? ErrorKind.TRANSIENT : ErrorKind.PERMANENT;
    };
  }
}
