package dev.majordomo.internal.chain;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of tool results, for a target known to take no images. A tool returns images whatever
 * model runs (an MCP server's screenshot, say); such a target still gets the tool's text, with a
 * note in place of its images, rather than a request its API refuses. The user's own images are not
 * touched here: a request with those skips such a target.
 */
final class ToolImages {
  private ToolImages() {}

  /** {@return whether a tool result of {@code request} holds images} */
  static boolean present(Request request) {
    for (Message message : request.messages()) {
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolResult r && !r.images().isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code request} with every tool result's images replaced by a note in its text. */
  static Request removed(Request request) {
    List<Message> messages = new ArrayList<>(request.messages().size());
    for (Message message : request.messages()) {
      if (message.parts().stream()
          .noneMatch(p -> p instanceof Part.ToolResult r && !r.images().isEmpty())) {
        messages.add(message);
        continue;
      }
      List<Part> parts = new ArrayList<>(message.parts().size());
      for (Part part : message.parts()) {
        if (part instanceof Part.ToolResult r && !r.images().isEmpty()) {
          parts.add(
              new Part.ToolResult(
                  r.callId(), r.name(), r.content() + note(r.images().size()), r.isError()));
        } else {
          parts.add(part);
        }
      }
      messages.add(new Message(message.role(), parts));
    }
    return new Request(messages, request.tools(), request.options(), request.responseSchema());
  }

  /** What follows the text of a tool result whose images were left out. */
  static String note(int images) {
    return "\n[images: the tool returned "
        + images
        + (images == 1 ? " image" : " images")
        + ", not shown: this model takes no images]";
  }
}
