package dev.majordomo.llm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One turn of a conversation. Immutable. */
public record Message(Role role, List<Part> parts) {
  public Message {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(Part.text(text)));
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(Part.text(text)));
  }

  public static Message user(List<Part> parts) {
    return new Message(Role.USER, parts);
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(Part.text(text)));
  }

  public static Message assistant(List<Part> parts) {
    return new Message(Role.ASSISTANT, parts);
  }

  /** A {@link Role#TOOL} turn holding the results of one round of tool calls. */
  public static Message toolResults(List<Part.ToolResult> results) {
    return new Message(Role.TOOL, List.copyOf(results));
  }

  /** The concatenation of every text part, in order; empty when there is none. */
  public String text() {
    return parts.stream()
        .filter(Part.Text.class::isInstance)
        .map(p -> ((Part.Text) p).text())
        .collect(Collectors.joining());
  }

  /** The tool calls in this message, in order. */
  public List<Part.ToolCall> toolCalls() {
    return parts.stream()
        .filter(Part.ToolCall.class::isInstance)
        .map(Part.ToolCall.class::cast)
        .toList();
  }

  public boolean hasImages() {
    return parts.stream().anyMatch(Part.ImagePart.class::isInstance);
  }
}
