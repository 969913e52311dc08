package dev.majordomo.internal.http;

import dev.majordomo.llm.Capabilities;
import dev.majordomo.llm.ErrorKind;
import dev.majordomo.llm.LlmException;
import dev.majordomo.llm.Model;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.Response;
import dev.majordomo.llm.ResponseStream;
import dev.majordomo.llm.Target;
import java.util.Objects;

/**
 * The model a provider opens for a target that needs a token and has none: no token in the DSN, and
 * the provider's variable ({@code OPENAI_API_KEY}, …) unset or empty.
 *
 * <p>Opening succeeds, so that resolving a chain never fails because of a target the call may not
 * need ({@code LLM_FAST=openai/gpt-4o-mini,ollama/qwen3:8b} on a machine without an OpenAI key must
 * still reach Ollama). Every call and stream then ends at once, before any I/O, in an {@link
 * LlmException} of kind {@link ErrorKind#CANNOT_SERVE} that says where to put a token, naming the
 * variable and never a value; the chain skips the target with that reason and does not count it
 * against the target's health. A key that is present but rejected by the server (401, 403) is a
 * different matter: that is an {@link ErrorKind#AUTH} error of the real model. Thread-safe.
 */
public final class MissingCredentials implements Model {
  private static final System.Logger LOG = System.getLogger(MissingCredentials.class.getName());

  private final Target target;
  private final String reason;
  private final Capabilities capabilities;

  private MissingCredentials(Target target, String reason, Capabilities capabilities) {
    this.target = target;
    this.reason = reason;
    this.capabilities = capabilities;
  }

  /**
   * A model for {@code target} that refuses every request for want of credentials.
   *
   * @param variable the environment variable that would give the token (a blank value counts as
   *     unset), or {@code null} when the provider reads none (the token must be in the DSN)
   * @param dsnForm how a DSN with a token looks for this provider, for the message when there is no
   *     variable (e.g. {@code foreman://<token>@<host>/<model>})
   * @param capabilities what the model would support, so that a chain still skips it first for a
   *     capability it lacks
   */
  public static Model open(
      Target target, String variable, String dsnForm, Capabilities capabilities) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(dsnForm, "dsnForm");
    Objects.requireNonNull(capabilities, "capabilities");
    String reason;
    if (variable == null) {
      reason = "no credentials: put a token in the DSN (" + dsnForm + ")";
    } else {
      reason = "no credentials: set " + variable + " or put a token in the DSN";
    }
    // Once per opened model (a registry opens each spec once): a chain that falls back past this
    // target on every call says so in its attempts, but a forgotten key should be visible too.
    LOG.log(System.Logger.Level.INFO, () -> target + ": " + reason + "; chains will skip it");
    return new MissingCredentials(target, reason, capabilities);
  }

  @Override
  public Response call(Request request) {
    throw refusal();
  }

  @Override
  public ResponseStream stream(Request request) {
    throw refusal();
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  private LlmException refusal() {
    return LlmException.builder(ErrorKind.CANNOT_SERVE, reason).target(target).build();
  }

  @Override
  public String toString() {
    return "MissingCredentials[" + target + "]";
  }
}
