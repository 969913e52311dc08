package dev.majordomo.llm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation. Immutable.
 *
 * @param role who speaks
 * @param parts what the turn holds, in order: text, images, tool calls or tool results
 */
public record Message(Role role, List<Part> parts) {
  /**
   * Copies the parts.
   *
   * @param role who speaks
   * @param parts what the turn holds, in order
   */
  public Message {
    Objects.requireNonNull(role, "role");
    parts = List.copyOf(parts);
  }

  /**
   * A system turn.
   *
   * @param text the instructions
   * @return the message
   */
  public static Message system(String text) {
    return new Message(Role.SYSTEM, List.of(Part.text(text)));
  }

  /**
   * A user turn of text.
   *
   * @param text what the user says
   * @return the message
   */
  public static Message user(String text) {
    return new Message(Role.USER, List.of(Part.text(text)));
  }

  /**
   * A user turn of several parts, such as text and images.
   *
   * @param parts the parts, in order
   * @return the message
   */
  public static Message user(List<Part> parts) {
    return new Message(Role.USER, parts);
  }

  /**
   * An assistant turn of text, such as an earlier reply of the model.
   *
   * @param text what the model said
   * @return the message
   */
  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(Part.text(text)));
  }

  /**
   * An assistant turn of several parts, such as text and tool calls.
   *
   * @param parts the parts, in order
   * @return the message
   */
  public static Message assistant(List<Part> parts) {
    return new Message(Role.ASSISTANT, parts);
  }

  /**
   * A {@link Role#TOOL} turn holding the results of one round of tool calls.
   *
   * @param results the results, in the order of the calls
   * @return the message
   */
  public static Message toolResults(List<Part.ToolResult> results) {
    return new Message(Role.TOOL, List.copyOf(results));
  }

  /** {@return the concatenation of every text part, in order; empty when there is none} */
  public String text() {
    // Loops rather than streams: these run on every call, and a stream costs more than the work.
    String only = null;
    StringBuilder joined = null;
    for (Part part : parts) {
      if (part instanceof Part.Text t) {
        if (only == null) {
          only = t.text();
        } else {
          if (joined == null) {
            joined = new StringBuilder(only);
          }
          joined.append(t.text());
        }
      }
    }
    return joined != null ? joined.toString() : only != null ? only : "";
  }

  /** {@return the tool calls in this message, in order} */
  public List<Part.ToolCall> toolCalls() {
    List<Part.ToolCall> calls = null;
    for (Part part : parts) {
      if (part instanceof Part.ToolCall call) {
        if (calls == null) {
          calls = new ArrayList<>();
        }
        calls.add(call);
      }
    }
    return calls == null ? List.of() : Collections.unmodifiableList(calls);
  }

  /** {@return whether any part of this message is an image} */
  public boolean hasImages() {
    for (Part part : parts) {
      if (part instanceof Part.ImagePart) {
        return true;
      }
    }
    return false;
  }
}
