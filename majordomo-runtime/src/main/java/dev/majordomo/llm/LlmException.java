package dev.majordomo.llm;

import dev.majordomo.MajordomoException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The canonical error of a model call: what kind of failure it is, and what the provider said (HTTP
 * status, its error code, {@code Retry-After}, and an excerpt of the body with secrets removed).
 * Providers map every failure to this type.
 *
 * <p>Serializable with every field: {@link Target} and {@link Duration} are serializable, so an
 * exception sent across a process boundary keeps its target and {@code Retry-After}.
 */
public class LlmException extends MajordomoException {
  private static final long serialVersionUID = 1L;
  private static final int EXCERPT_LIMIT = 500;

  private final ErrorKind kind;
  private final int status;
  private final String providerCode;
  private final Duration retryAfter;
  private final String bodyExcerpt;
  private final Target target;

  private LlmException(Builder b) {
    super(b.message, b.cause);
    this.kind = b.kind;
    this.status = b.status;
    this.providerCode = b.providerCode;
    this.retryAfter = b.retryAfter;
    this.bodyExcerpt = b.bodyExcerpt;
    this.target = b.target;
  }

  public static Builder builder(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  /** Shorthand for an HTTP error classified by {@link ErrorClassifier#forHttp}. */
  public static LlmException http(int status, String providerCode, String message) {
    return builder(ErrorClassifier.forHttp(status, providerCode), message)
        .status(status)
        .providerCode(providerCode)
        .build();
  }

  public ErrorKind kind() {
    return kind;
  }

  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Up to 500 characters of the error body, with secrets removed by the provider. */
  public Optional<String> bodyExcerpt() {
    return Optional.ofNullable(bodyExcerpt);
  }

  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  /**
   * Why a target {@linkplain ErrorKind#CANNOT_SERVE cannot serve} a request, for the attempt log:
   * the message without the target (the log names it) and without the kind, with the HTTP status
   * when there was one.
   */
  String reason() {
    String message = super.getMessage();
    return status >= 0 && !message.startsWith("HTTP ")
        ? message + " (HTTP " + status + ")"
        : message;
  }

  @Override
  public String getMessage() {
    StringBuilder s = new StringBuilder();
    if (target != null) {
      s.append(target).append(": ");
    }
    s.append(super.getMessage());
    s.append(" [").append(kind);
    if (status >= 0) {
      s.append(", HTTP ").append(status);
    }
    if (providerCode != null) {
      s.append(", code ").append(providerCode);
    }
    if (retryAfter != null) {
      s.append(", retry after ").append(retryAfter.toMillis()).append(" ms");
    }
    s.append(']');
    return s.toString();
  }

  /** Builds an {@link LlmException}. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private int status = -1;
    private String providerCode;
    private Duration retryAfter;
    private String bodyExcerpt;
    private Target target;
    private Throwable cause;

    private Builder(ErrorKind kind, String message) {
      this.kind = java.util.Objects.requireNonNull(kind, "kind");
      this.message = java.util.Objects.requireNonNull(message, "message");
    }

    public Builder status(int value) {
      this.status = value;
      return this;
    }

    public Builder providerCode(String value) {
      this.providerCode = value;
      return this;
    }

    public Builder retryAfter(Duration value) {
      this.retryAfter = value;
      return this;
    }

    /** The error body; it is cut to 500 characters. Remove secrets before passing it. */
    public Builder bodyExcerpt(String value) {
      this.bodyExcerpt =
          value == null || value.length() <= EXCERPT_LIMIT
              ? value
              : value.substring(0, EXCERPT_LIMIT) + "…";
      return this;
    }

    public Builder target(Target value) {
      this.target = value;
      return this;
    }

    public Builder cause(Throwable value) {
      this.cause = value;
      return this;
    }

    public LlmException build() {
      return new LlmException(this);
    }
  }
}
