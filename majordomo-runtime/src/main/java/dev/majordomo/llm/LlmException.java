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

  /**
   * @serial what kind of failure this is
   */
  private final ErrorKind kind;

  /**
   * @serial the HTTP status, or -1 when there was none
   */
  private final int status;

  /**
   * @serial the provider's error code, or null
   */
  private final String providerCode;

  /**
   * @serial the provider's {@code Retry-After}, or null
   */
  private final Duration retryAfter;

  /**
   * @serial up to 500 characters of the error body, or null
   */
  private final String bodyExcerpt;

  /**
   * @serial the target that failed, or null
   */
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

  /**
   * Starts an exception of {@code kind}.
   *
   * @param kind what kind of failure it is
   * @param message what went wrong; it must not hold a token
   * @return a builder for the other fields
   */
  public static Builder builder(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  /**
   * Shorthand for an HTTP error classified by {@link ErrorClassifier#forHttp}.
   *
   * @param status the HTTP status
   * @param providerCode the provider's error code, or {@code null}
   * @param message what went wrong; it must not hold a token
   * @return the exception, with its kind classified from the status and code
   */
  public static LlmException http(int status, String providerCode, String message) {
    return builder(ErrorClassifier.forHttp(status, providerCode), message)
        .status(status)
        .providerCode(providerCode)
        .build();
  }

  /** {@return what kind of failure this is, which decides what a chain does next} */
  public ErrorKind kind() {
    return kind;
  }

  /** {@return the HTTP status of the failed call; empty when there was no HTTP response} */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /**
   * {@return the provider's own error code, such as {@code rate_limit_exceeded}, when it gave one}
   */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /**
   * {@return how long the provider asked to wait before the next call ({@code Retry-After}), when
   * it did}
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** {@return up to 500 characters of the error body, with secrets removed by the provider} */
  public Optional<String> bodyExcerpt() {
    return Optional.ofNullable(bodyExcerpt);
  }

  /** {@return the target whose call failed, when known} */
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

    /**
     * Sets the HTTP status.
     *
     * @param value the status code of the response
     * @return this builder
     */
    public Builder status(int value) {
      this.status = value;
      return this;
    }

    /**
     * Sets the provider's error code.
     *
     * @param value the code, or {@code null} for none
     * @return this builder
     */
    public Builder providerCode(String value) {
      this.providerCode = value;
      return this;
    }

    /**
     * Sets how long the provider asked to wait.
     *
     * @param value the {@code Retry-After} delay, or {@code null} for none
     * @return this builder
     */
    public Builder retryAfter(Duration value) {
      this.retryAfter = value;
      return this;
    }

    /**
     * Sets the error body; it is cut to 500 characters. Remove secrets before passing it.
     *
     * @param value the body, or {@code null} for none
     * @return this builder
     */
    public Builder bodyExcerpt(String value) {
      this.bodyExcerpt =
          value == null || value.length() <= EXCERPT_LIMIT
              ? value
              : value.substring(0, EXCERPT_LIMIT) + "…";
      return this;
    }

    /**
     * Sets the target whose call failed.
     *
     * @param value the target, or {@code null} when unknown
     * @return this builder
     */
    public Builder target(Target value) {
      this.target = value;
      return this;
    }

    /**
     * Sets the underlying error.
     *
     * @param value the cause, or {@code null}; its message must not hold a token either
     * @return this builder
     */
    public Builder cause(Throwable value) {
      this.cause = value;
      return this;
    }

    /** {@return the exception} */
    public LlmException build() {
      return new LlmException(this);
    }
  }
}
