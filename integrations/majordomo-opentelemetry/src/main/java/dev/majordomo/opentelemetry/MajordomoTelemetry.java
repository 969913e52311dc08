package dev.majordomo.opentelemetry;

import dev.majordomo.observation.Observer;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry traces and metrics for Majordomo, per the GenAI semantic conventions: an {@link
 * Observer} to give the registry or an assistant builder.
 *
 * <pre>{@code
 * Registry registry = Registry.builder()
 *     .observer(MajordomoTelemetry.create(openTelemetry))
 *     .build();
 * }</pre>
 *
 * <p>Each assistant method call becomes an {@code invoke_agent {Interface}} span holding the
 * chain's story as events (retries, skips, benches, exhaustion); each attempt at a target a {@code
 * chat {model}} client span under it; each tool execution an {@code execute_tool {name}} span.
 * Metrics: {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}, {@code
 * gen_ai.client.operation.time_to_first_chunk}, {@code majordomo.chain.attempts} and {@code
 * majordomo.chain.benches}. {@code docs/observability.md} lists every attribute.
 *
 * <p>Only the OpenTelemetry API is used: spans and metrics go wherever the given {@link
 * OpenTelemetry} sends them (an SDK the application configures, or the Java agent's {@code
 * GlobalOpenTelemetry.get()}). Prompts and replies are recorded only when {@linkplain
 * Builder#captureMessageContent(boolean) asked for}; API keys never are.
 */
public final class MajordomoTelemetry {
  private MajordomoTelemetry() {}

  /**
   * An observer with the defaults: no message content, conversation ids recorded.
   *
   * @param openTelemetry where spans and metrics go
   * @return the observer
   */
  public static Observer create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder of an observer with other settings.
   *
   * @param openTelemetry where spans and metrics go
   * @return the builder
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Settings of the observer. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureMessageContent;
    private boolean recordConversationIds = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether to record what is said: the messages sent ({@code gen_ai.input.messages}), the
     * replies ({@code gen_ai.output.messages}), tool arguments and results, as the conventions'
     * JSON. Off by default: they are the users' data, and large.
     *
     * @param capture {@code true} to record them
     * @return this builder
     */
    public Builder captureMessageContent(boolean capture) {
      this.captureMessageContent = capture;
      return this;
    }

    /**
     * Whether to record the {@code @MemoryId} of a call as {@code gen_ai.conversation.id}. On by
     * default; turn it off when the ids are personal data (a user's e-mail address, say).
     *
     * @param record {@code false} to leave the ids out
     * @return this builder
     */
    public Builder recordConversationIds(boolean record) {
      this.recordConversationIds = record;
      return this;
    }

    /**
     * {@return the observer, to give {@code Registry.builder().observer(..)} or an assistant
     * builder}
     */
    public Observer build() {
      return new TelemetryObserver(openTelemetry, captureMessageContent, recordConversationIds);
    }
  }
}
