package dev.majordomo.opentelemetry;

import dev.majordomo.chain.ChainCancelledException;
import dev.majordomo.chain.ChainDeadlineException;
import dev.majordomo.chain.ChainExhaustedException;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * {@code error.type} values, low in cardinality as the conventions ask: what the chain's classifier
 * made of an error ({@code transient}, {@code not_found}, {@code context_length}, {@code auth},
 * {@code quota}, {@code permanent}, {@code cannot_serve}, {@code cancelled}), {@code exhausted} and
 * {@code deadline} for a call no target answered, {@code tool_error} for a tool whose result is an
 * error, and otherwise the exception's class name.
 */
final class Errors {
  private Errors() {}

  static final String EXHAUSTED = "exhausted";
  static final String DEADLINE = "deadline";
  static final String TOOL_ERROR = "tool_error";

  static String type(ErrorKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  static String type(Throwable error) {
    if (error instanceof LlmException llm) {
      return type(llm.kind());
    }
    if (error instanceof ChainDeadlineException) {
      return DEADLINE;
    }
    if (error instanceof ChainExhaustedException) {
      return EXHAUSTED;
    }
    if (error instanceof ChainCancelledException || error instanceof CancellationException) {
      return type(ErrorKind.CANCELLED);
    }
    return error.getClass().getName();
  }

  /**
   * Marks {@code span} failed: status {@code ERROR} and {@code error.type}, with the exception's
   * message as the status description when it says what went wrong without quoting what was said.
   * The messages of the chain's and the providers' errors hold no token (providers redact them) and
   * no content; any other message (a reply the decoder could not read and quotes, a tool's or the
   * application's exception) may hold the users' data or the application's secrets, so it is kept
   * only when content is captured. A URL quoted in it loses its query and user information (a
   * signed URL's signature, a proxy's password). The exception is not recorded as an event: the
   * conventions ask for a log record, and the runtime logs what it must.
   */
  static void record(Span span, String type, Throwable error, boolean captureMessageContent) {
    span.setAttribute(GenAiAttributes.ERROR_TYPE, type);
    String message = error == null ? null : error.getMessage();
    if (message != null && (captureMessageContent || saysNothingSaid(error))) {
      span.setStatus(StatusCode.ERROR, Urls.withoutSecrets(message));
    } else {
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** Errors whose messages Majordomo writes from what failed, not from what was said. */
  private static boolean saysNothingSaid(Throwable error) {
    return error instanceof LlmException
        || error instanceof ChainExhaustedException
        || error instanceof ChainCancelledException
        || error instanceof CancellationException;
  }
}
