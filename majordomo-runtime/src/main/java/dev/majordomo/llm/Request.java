package dev.majordomo.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a model: the conversation so far, the tools the model may call, options, and
 * optionally the schema the reply must follow. Immutable.
 *
 * @param messages the conversation so far, in order; at least one
 * @param tools the tools the model may call; empty for none
 * @param options sampling and limit options
 * @param responseSchema the schema the reply must follow, or {@code null}
 */
public record Request(
    List<Message> messages,
    List<ToolDefinition> tools,
    GenerationOptions options,
    ResponseSchema responseSchema) {

  /**
   * Copies the lists; null tools become none and null options the defaults.
   *
   * @param messages the conversation so far, in order
   * @param tools the tools the model may call, or {@code null}
   * @param options sampling and limit options, or {@code null}
   * @param responseSchema the schema the reply must follow, or {@code null}
   * @throws IllegalArgumentException if there is no message
   */
  public Request {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    options = options == null ? GenerationOptions.DEFAULTS : options;
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
  }

  /**
   * A request of these messages, without tools, options or schema.
   *
   * @param messages the conversation, in order
   * @return the request
   */
  public static Request of(Message... messages) {
    return new Request(List.of(messages), List.of(), GenerationOptions.DEFAULTS, null);
  }

  /**
   * A request of these messages, without tools, options or schema.
   *
   * @param messages the conversation, in order
   * @return the request
   */
  public static Request of(List<Message> messages) {
    return new Request(messages, List.of(), GenerationOptions.DEFAULTS, null);
  }

  /** {@return the schema the reply must follow, if any} */
  public Optional<ResponseSchema> schema() {
    return Optional.ofNullable(responseSchema);
  }

  /**
   * {@return this request with other tools}
   *
   * @param value the tools the model may call
   */
  public Request withTools(List<ToolDefinition> value) {
    return new Request(messages, value, options, responseSchema);
  }

  /**
   * {@return this request with other options}
   *
   * @param value sampling and limit options
   */
  public Request withOptions(GenerationOptions value) {
    return new Request(messages, tools, value, responseSchema);
  }

  /**
   * {@return this request with another response schema}
   *
   * @param value the schema the reply must follow, or {@code null} for none
   */
  public Request withResponseSchema(ResponseSchema value) {
    return new Request(messages, tools, options, value);
  }

  /**
   * {@return this request with {@code more} appended to the conversation}
   *
   * @param more the messages to append, in order
   */
  public Request followedBy(Message... more) {
    List<Message> all = new ArrayList<>(messages);
    for (Message m : more) {
      all.add(Objects.requireNonNull(m, "message"));
    }
    return new Request(all, tools, options, responseSchema);
  }

  /** {@return whether any message of the conversation holds an image} */
  public boolean hasImages() {
    for (Message message : messages) {
      if (message.hasImages()) {
        return true;
      }
    }
    return false;
  }
}
