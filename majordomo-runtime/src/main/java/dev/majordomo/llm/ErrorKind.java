package dev.majordomo.llm;

/** What a failed call means for failover. */
public enum ErrorKind {
  /** Worth retrying and, failing that, another target: rate limits, 5xx, timeouts, resets. */
  TRANSIENT,
  /** This target does not have the model: move on without retrying. */
  NOT_FOUND,
  /** The conversation does not fit this model's context: move on without blaming the target. */
  CONTEXT_LENGTH,
  /** Bad or missing credentials, or no permission: fail fast. */
  AUTH,
  /** The account is out of quota or credit: fail fast. */
  QUOTA,
  /** The request itself is wrong; another target would refuse it too: fail fast. */
  PERMANENT,
  /**
   * This target cannot serve this request, and says so before doing any work for it: an image over
   * its limits or in a form it does not take, no credentials configured, a capability the model
   * refuses ("does not support tools"). The chain skips the target with the reason, without
   * retrying and without counting it against the target's health; another target may serve.
   */
  CANNOT_SERVE,
  /** The caller cancelled or interrupted the call: stop at once. */
  CANCELLED
}
