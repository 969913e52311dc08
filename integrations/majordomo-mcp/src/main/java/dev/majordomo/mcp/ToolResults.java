package dev.majordomo.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.majordomo.llm.ToolOutput;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the model gets from an MCP tool result: the text parts joined by new lines, the structured
 * content as JSON when there is no text (servers that send both repeat the JSON as text), images as
 * images, and a short note for what a model cannot take in a tool result (audio, binary resources,
 * links). Text past {@link #MAX_TEXT_CHARS} is cut with a note, so a runaway server cannot make the
 * library hold unbounded text; the assistant's own limit on tool output applies after this one.
 */
final class ToolResults {
  /** A generous bound: well above any model's context, far below what would strain the heap. */
  static final int MAX_TEXT_CHARS = 1_000_000;

  /** The tool loop keeps no more (ToolLoop.MAX_TOOL_RESULT_IMAGES): decoding more is waste. */
  static final int MAX_IMAGES = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolResults() {}

  static ToolOutput output(McpSchema.CallToolResult result) {
    BoundedText text = new BoundedText(MAX_TEXT_CHARS);
    List<Image> images = new ArrayList<>();
    List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
    boolean anyText = false;
    for (McpSchema.Content part : content) {
      if (part instanceof McpSchema.TextContent t) {
        text.add(t.text() == null ? "" : t.text());
        anyText = true;
      } else if (part instanceof McpSchema.ImageContent i) {
        image(i, images, text);
      } else if (part instanceof McpSchema.AudioContent a) {
        text.add("[audio " + a.mimeType() + ", " + decodedSize(a.data()) + " bytes, not shown]");
      } else if (part instanceof McpSchema.EmbeddedResource r) {
        resource(r.resource(), text);
      } else if (part instanceof McpSchema.ResourceLink link) {
        text.add(
            "[resource link "
                + link.uri()
                + (link.name() == null ? "" : " (" + link.name() + ")")
                + (link.mimeType() == null ? "" : ", " + link.mimeType())
                + "]");
      } else {
        text.add("[" + part.type() + " content, not shown]");
      }
    }
    if (!anyText && result.structuredContent() != null) {
      text.add(json(result.structuredContent()));
    }
    return new ToolOutput(text.toString(), images, Boolean.TRUE.equals(result.isError()));
  }

  private static void image(McpSchema.ImageContent image, List<Image> images, BoundedText text) {
    if (images.size() >= MAX_IMAGES) {
      text.add("[image " + image.mimeType() + " not shown: more than " + MAX_IMAGES + " images]");
      return;
    }
    try {
      byte[] bytes = Base64.getMimeDecoder().decode(image.data());
      images.add(
          image.mimeType() == null
              ? Image.fromBytes(bytes)
              : Image.fromBytes(bytes, image.mimeType()));
    } catch (IllegalArgumentException | ImageException e) {
      text.add("[image " + image.mimeType() + " not shown: " + e.getMessage() + "]");
    }
  }

  private static void resource(McpSchema.ResourceContents resource, BoundedText text) {
    if (resource instanceof McpSchema.TextResourceContents t) {
      text.add("[resource " + t.uri() + "]");
      text.add(t.text() == null ? "" : t.text());
    } else if (resource instanceof McpSchema.BlobResourceContents b) {
      text.add(
          "[resource "
              + b.uri()
              + (b.mimeType() == null ? "" : ", " + b.mimeType())
              + ", "
              + decodedSize(b.blob())
              + " bytes, not shown]");
    } else {
      text.add("[resource " + resource.uri() + ", not shown]");
    }
  }

  private static long decodedSize(String base64) {
    return base64 == null ? 0 : base64.length() / 4L * 3;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** Text parts joined by new lines, cut at a bound with a note of how much was left out. */
  private static final class BoundedText {
    private final int max;
    private final StringBuilder text = new StringBuilder();
    private long dropped;

    BoundedText(int max) {
      this.max = max;
    }

    void add(String part) {
      int separator = text.length() == 0 ? 0 : 1;
      long room = (long) max - text.length() - separator;
      if (dropped > 0 || room <= 0) {
        dropped += part.length() + separator;
        return;
      }
      if (separator == 1) {
        text.append('\n');
      }
      if (part.length() <= room) {
        text.append(part);
      } else {
        text.append(part, 0, (int) room);
        dropped += part.length() - room;
      }
    }

    @Override
    public String toString() {
      return dropped == 0
          ? text.toString()
          : text + "\n[cut: " + dropped + " more characters from the MCP server]";
    }
  }
}
