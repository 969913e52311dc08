package dev.majordomo.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a model: the conversation so far, the tools the model may call, options, and
 * optionally the schema the reply must follow. Immutable.
 */
public record Request(
    List<Message> messages,
    List<ToolDefinition> tools,
    GenerationOptions options,
    ResponseSchema responseSchema) {

  public Request {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    options = options == null ? GenerationOptions.DEFAULTS : options;
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs at least one message");
    }
  }

  public static Request of(Message... messages) {
    return new Request(List.of(messages), List.of(), GenerationOptions.DEFAULTS, null);
  }

  public static Request of(List<Message> messages) {
    return new Request(messages, List.of(), GenerationOptions.DEFAULTS, null);
  }

  public Optional<ResponseSchema> schema() {
    return Optional.ofNullable(responseSchema);
  }

  public Request withTools(List<ToolDefinition> value) {
    return new Request(messages, value, options, responseSchema);
  }

  public Request withOptions(GenerationOptions value) {
    return new Request(messages, tools, value, responseSchema);
  }

  public Request withResponseSchema(ResponseSchema value) {
    return new Request(messages, tools, options, value);
  }

  /** This request with {@code more} appended to the conversation. */
  public Request followedBy(Message... more) {
    List<Message> all = new ArrayList<>(messages);
    for (Message m : more) {
      all.add(Objects.requireNonNull(m, "message"));
    }
    return new Request(all, tools, options, responseSchema);
  }

  public boolean hasImages() {
    for (Message message : messages) {
      if (message.hasImages()) {
        return true;
      }
    }
    return false;
  }
}
