package dev.majordomo.examples.scripted;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scripted endpoint answers to a Chat Completions request. No model is involved: the
 * answer follows from the shape of the request, in this order.
 *
 * <ol>
 *   <li>Tools are offered and the conversation has no tool results yet: call every tool once, with
 *       arguments made up from its parameter schema.
 *   <li>A {@code response_format} JSON schema is given: a JSON document that fits it.
 *   <li>There are tool results: a sentence that quotes them.
 *   <li>The question has images: a sentence that says what arrived (type, size, pixels).
 *   <li>Otherwise: a canned sentence that quotes the question.
 * </ol>
 */
final class Script {
  private Script() {}

  /** One tool call the scripted reply makes. */
  record Call(String id, String name, String argumentsJson) {}

  /** The reply: text, or tool calls (then {@code text} is null). */
  record Turn(String text, List<Call> calls) {
    String finishReason() {
      return calls.isEmpty() ? "stop" : "tool_calls";
    }
  }

  static Turn answer(JsonNode request, IdSource ids) {
    JsonNode messages = request.path("messages");
    boolean hasToolResults = false;
    for (JsonNode m : messages) {
      hasToolResults |= "tool".equals(m.path("role").asText());
    }
    JsonNode tools = request.path("tools");
    if (tools.isArray() && !tools.isEmpty() && !hasToolResults) {
      List<Call> calls = new ArrayList<>();
      for (JsonNode tool : tools) {
        JsonNode function = tool.path("function");
        String arguments = SchemaSamples.sample(function.path("parameters")).toString();
        calls.add(new Call(ids.next("call_scripted_"), function.path("name").asText(), arguments));
      }
      return new Turn(null, calls);
    }
    JsonNode format = request.path("response_format");
    if ("json_schema".equals(format.path("type").asText())) {
      return text(SchemaSamples.sample(format.path("json_schema").path("schema")).toString());
    }
    if (hasToolResults) {
      return text(quoteToolResults(messages));
    }
    JsonNode question = lastUserMessage(messages);
    List<String> images = describeImages(question);
    String asked = shorten(textOf(question), 70);
    if (!images.isEmpty()) {
      return text(
          "Scripted reply: with \""
              + asked
              + "\" I received "
              + (images.size() == 1 ? "one image" : images.size() + " images")
              + " ("
              + String.join("; ", images)
              + "). I am the local demo endpoint, not a vision model, so I cannot say what is in"
              + " it; set LLM_FAST to a vision model for a real description.");
    }
    return text(
        "Scripted reply to \""
            + asked
            + "\": this canned answer comes from the local demo endpoint, not from a model."
            + " Start Ollama with llama3.2 pulled, or set LLM_FAST, to get a real answer.");
  }

  private static Turn text(String text) {
    return new Turn(text, List.of());
  }

  private static String quoteToolResults(JsonNode messages) {
    Map<String, String> names = new HashMap<>();
    List<String> results = new ArrayList<>();
    for (JsonNode m : messages) {
      for (JsonNode call : m.path("tool_calls")) {
        names.put(call.path("id").asText(), call.path("function").path("name").asText());
      }
      if ("tool".equals(m.path("role").asText())) {
        String name = names.getOrDefault(m.path("tool_call_id").asText(), "?");
        results.add(name + " → " + shorten(textOf(m), 90));
      }
    }
    return "Scripted answer built from "
        + results.size()
        + (results.size() == 1 ? " tool result: " : " tool results: ")
        + String.join("; ", results)
        + ".";
  }

  private static JsonNode lastUserMessage(JsonNode messages) {
    JsonNode last = null;
    for (JsonNode m : messages) {
      if ("user".equals(m.path("role").asText())) {
        last = m;
      }
    }
    return last == null ? messages.path(0) : last;
  }

  /** A message's text: its string content, or its text parts joined. */
  private static String textOf(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asText())) {
        text.append(text.length() == 0 ? "" : " ").append(part.path("text").asText());
      }
    }
    return text.toString();
  }

  /** One line per image part: its type, size and (for PNG) pixels, or its URL. */
  private static List<String> describeImages(JsonNode message) {
    List<String> out = new ArrayList<>();
    for (JsonNode part : message.path("content")) {
      if (!"image_url".equals(part.path("type").asText())) {
        continue;
      }
      String url = part.path("image_url").path("url").asText();
      int comma = url.indexOf(',');
      if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
        out.add("a link to " + shorten(url, 60));
        continue;
      }
      String mime = url.substring("data:".length(), url.indexOf(';'));
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(url.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        out.add(mime + ", not valid base64");
        continue;
      }
      String size = String.format(java.util.Locale.ROOT, "%.1f KB", bytes.length / 1024.0);
      out.add(mime + ", " + size + pngSize(bytes));
    }
    return out;
  }

  /** ", 360×420 px" for a PNG (width and height are the IHDR chunk's first two ints), else "". */
  private static String pngSize(byte[] png) {
    boolean isPng =
        png.length >= 24
            && (png[0] & 0xff) == 0x89
            && png[1] == 'P'
            && png[2] == 'N'
            && png[3] == 'G';
    return isPng ? ", " + readInt(png, 16) + "×" + readInt(png, 20) + " px" : "";
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  static String shorten(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }

  /** Numbers the ids of tool calls and completions. */
  interface IdSource {
    String next(String prefix);
  }
}
