package dev.majordomo.testing;

import dev.majordomo.llm.GenerationOptions;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.llm.ResponseSchema;
import dev.majordomo.llm.Role;
import dev.majordomo.llm.Target;
import dev.majordomo.llm.ToolDefinition;
import dev.majordomo.media.Image;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request a {@link FakeProvider} model received, with accessors for what tests usually assert:
 *
 * <pre>{@code
 * FakeRequest request = fake.lastRequest("primary");
 * assertEquals("You greet people.", request.systemText());
 * assertEquals("Greet Ada.", request.userText());
 * assertEquals(List.of("lookup"), request.toolNames());
 * }</pre>
 *
 * @param modelId the scripted model's id ({@link FakeProvider#DEFAULT_MODEL} when the spec named
 *     none)
 * @param target the target of the model that received it (its host tells two {@code fake://} hosts
 *     apart)
 * @param request the request exactly as the model received it (a chain may have shortened its
 *     timeout)
 * @param streamed whether it came through {@code stream} rather than {@code call}
 * @param at when it arrived, on the time source the model was opened with
 */
public record FakeRequest(
    String modelId, Target target, Request request, boolean streamed, Instant at) {
  /**
   * Checks that no component is null ({@code streamed} aside).
   *
   * @param modelId the scripted model's id
   * @param target the target of the model that received it
   * @param request the request as the model received it
   * @param streamed whether it came through {@code stream}
   * @param at when it arrived
   */
  public FakeRequest {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(at, "at");
  }

  /** {@return the conversation the model received, in order} */
  public List<Message> messages() {
    return request.messages();
  }

  /**
   * {@return the text of the system messages, joined with a line break}; empty when the request has
   * none.
   */
  public String systemText() {
    List<String> texts = new ArrayList<>();
    for (Message message : request.messages()) {
      if (message.role() == Role.SYSTEM) {
        texts.add(message.text());
      }
    }
    return String.join("\n", texts);
  }

  /**
   * The text of the last user message: the prompt of an assistant's call (later requests of a tool
   * loop carry the same one).
   *
   * @return the text
   * @throws AssertionError when the request holds no user message
   */
  public String userText() {
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).text();
      }
    }
    throw new AssertionError(
        "the request to fake model '"
            + modelId
            + "' has no user message; its messages' roles: "
            + messages.stream().map(Message::role).toList());
  }

  /** {@return the names of the tools offered to the model, in order; empty when none} */
  public List<String> toolNames() {
    return request.tools().stream().map(ToolDefinition::name).toList();
  }

  /**
   * The results of tool calls sent back to the model (in the {@link Role#TOOL} messages), in order;
   * empty on the first request of a tool loop.
   *
   * @return the results, in order
   */
  public List<Part.ToolResult> toolResults() {
    List<Part.ToolResult> results = new ArrayList<>();
    for (Message message : request.messages()) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolResult result) {
          results.add(result);
        }
      }
    }
    return List.copyOf(results);
  }

  /**
   * The images that tools returned with their results (a tool of a {@code ToolSource} may return
   * some), in the order of {@link #toolResults()}; empty when no result has images.
   *
   * @return the images, in order
   */
  public List<Image> toolResultImages() {
    List<Image> images = new ArrayList<>();
    for (Part.ToolResult result : toolResults()) {
      images.addAll(result.images());
    }
    return List.copyOf(images);
  }

  /**
   * {@return the options (temperature, top-p, max tokens, stop, seed, timeout) the request carried}
   */
  public GenerationOptions options() {
    return request.options();
  }

  /** {@return the schema the reply had to follow, for a method that returns structured output} */
  public Optional<ResponseSchema> schema() {
    return request.schema();
  }
}
