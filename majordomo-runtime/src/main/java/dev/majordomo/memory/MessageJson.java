package dev.majordomo.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import dev.majordomo.JsonDecodingException;
import dev.majordomo.internal.http.WireJson;
import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Role;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The stored form of one {@link Message}: a JSON object for stores that keep messages as text, such
 * as {@code majordomo-jdbc}. Version 1, the only one so far:
 *
 * <pre>{@code
 * {"v":1,"role":"assistant","parts":[
 *   {"type":"text","text":"Let me check."},
 *   {"type":"image","url":"https://example.com/cat.png"},
 *   {"type":"image","mimeType":"image/png","base64":"iVBORw0KGgo..."},
 *   {"type":"tool_call","id":"call_1","name":"weather","arguments":"{\"city\":\"Oslo\"}"},
 *   {"type":"tool_result","callId":"call_1","name":"weather","content":"12 C","isError":false},
 *   {"type":"tool_result","callId":"call_2","name":"chart","content":"","isError":false,
 *    "images":[{"mimeType":"image/png","base64":"iVBORw0KGgo..."}]},
 *   {"type":"reasoning","text":"The user wants...","signature":"EqQBCgIYAhIM...",
 *    "origin":"anthropic"}]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code v} is the version of the form; a reader refuses any version it does not know.
 *   <li>{@code role} is {@code system}, {@code user}, {@code assistant} or {@code tool}.
 *   <li>{@code parts} holds the message's parts in order, each with its {@code type}. An image is
 *       either by {@code url} or inline, with its {@code mimeType} and its bytes in standard {@code
 *       base64}. A tool call's {@code arguments} is the JSON text the model produced, kept as a
 *       string, character for character. A tool result's {@code images} (written only when it has
 *       some; absent reads as none) are images in the same two forms. A reasoning part's {@code
 *       text} is always written; {@code signature}, {@code redactedData}, {@code origin} and {@code
 *       id} only when set (absent reads as unset), kept unchanged so that the reasoning can be
 *       replayed to the provider that produced it.
 *   <li>Fields a reader does not know are ignored, so that a later version can add some.
 * </ul>
 *
 * <p>{@link #write} writes surrogates (an emoji's pair included) and control characters as JSON's
 * six-character backslash-u escapes, so the text it returns is valid in any encoding of Unicode and
 * holds no NUL even when a message holds a lone surrogate or a NUL: a database column of text type
 * stores it as it is. {@link #read} of what {@link #write} returned gives an equal message.
 */
public final class MessageJson {

  /** The version {@link #write} produces and the only one {@link #read} accepts. */
  public static final int VERSION = 1;

  // Inline images in base64 may exceed Jackson's default cap on one string (20 million chars);
  // what is read here was written by a store this process trusts.
  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .characterEscapes(new SurrogateEscapes())
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private MessageJson() {}

  /** {@code message} in the stored form, version {@value #VERSION}. */
  public static String write(Message message) {
    Objects.requireNonNull(message, "message");
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", VERSION);
      g.writeStringField("role", message.role().name().toLowerCase(Locale.ROOT));
      g.writeArrayFieldStart("parts");
      for (Part part : message.parts()) {
        writePart(g, part);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      // a StringWriter does no I/O
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * The message {@code json} holds.
   *
   * @throws JsonDecodingException when {@code json} is not the stored form: not one JSON object, an
   *     unknown version, role or part type, or a field missing or of the wrong type; its {@link
   *     JsonDecodingException#path() path} says where, e.g. {@code $.parts[2].type}
   */
  public static Message read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try (JsonParser parser = FACTORY.createParser(json)) {
      root = WireJson.readValue(parser);
      if (root != null && parser.nextToken() != null) {
        throw new JsonDecodingException(
            "$", "a stored message is one JSON object, but text follows it");
      }
    } catch (JsonProcessingException e) {
      throw new JsonDecodingException(
          "$", "a stored message is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      // a String source does no I/O
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject()) {
      throw new JsonDecodingException(
          "$", "a stored message is a JSON object, was " + describe(root));
    }
    JsonNode version = root.get("v");
    if (version == null) {
      throw new JsonDecodingException("$.v", "a stored message has no version (field v)");
    }
    if (!version.isIntegralNumber()
        || !version.canConvertToInt()
        || version.intValue() != VERSION) {
      throw new JsonDecodingException(
          "$.v",
          "unknown stored message version " + version + ": this runtime reads version " + VERSION);
    }
    Role role = role(text(root, "role", "$"));
    JsonNode parts = root.get("parts");
    if (parts == null || !parts.isArray()) {
      throw new JsonDecodingException(
          "$.parts", "a stored message's parts are an array, was " + describe(parts));
    }
    List<Part> read = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      read.add(readPart(parts.get(i), "$.parts[" + i + "]"));
    }
    return new Message(role, read);
  }

  private static void writePart(JsonGenerator g, Part part) throws IOException {
    g.writeStartObject();
    if (part instanceof Part.Text t) {
      g.writeStringField("type", "text");
      g.writeStringField("text", t.text());
    } else if (part instanceof Part.ImagePart i) {
      g.writeStringField("type", "image");
      writeImage(g, i.image());
    } else if (part instanceof Part.ToolCall c) {
      g.writeStringField("type", "tool_call");
      g.writeStringField("id", c.id());
      g.writeStringField("name", c.name());
      g.writeStringField("arguments", c.argumentsJson());
    } else if (part instanceof Part.ToolResult r) {
      g.writeStringField("type", "tool_result");
      g.writeStringField("callId", r.callId());
      g.writeStringField("name", r.name());
      g.writeStringField("content", r.content());
      g.writeBooleanField("isError", r.isError());
      if (!r.images().isEmpty()) {
        // only when there are some: a result without images is stored as before they existed
        g.writeArrayFieldStart("images");
        for (Image image : r.images()) {
          g.writeStartObject();
          writeImage(g, image);
          g.writeEndObject();
        }
        g.writeEndArray();
      }
    } else if (part instanceof Part.Reasoning r) {
      g.writeStringField("type", "reasoning");
      g.writeStringField("text", r.text());
      optional(g, "signature", r.signature());
      optional(g, "redactedData", r.redactedData());
      optional(g, "origin", r.origin());
      optional(g, "id", r.id());
    } else {
      // Part is sealed: a new kind of part must get a stored form here first
      throw new IllegalStateException("no stored form for " + part.getClass().getName());
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  /** A string field that may be absent ({@code null}). */
  private static String optionalText(JsonNode object, String field, String path) {
    return object.has(field) ? text(object, field, path) : null;
  }

  private static void writeImage(JsonGenerator g, Image image) throws IOException {
    if (image.isUrl()) {
      g.writeStringField("url", image.url().orElseThrow().toString());
    } else {
      g.writeStringField("mimeType", image.mimeType().orElseThrow());
      g.writeStringField("base64", image.base64().orElseThrow());
    }
  }

  /** A tool result's images; none when the field is absent (stored before images existed). */
  private static List<Image> images(JsonNode node, String path) {
    JsonNode images = node.get("images");
    if (images == null) {
      return List.of();
    }
    if (!images.isArray()) {
      throw new JsonDecodingException(
          path + ".images", "field images is an array, was " + describe(images));
    }
    List<Image> out = new ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      String at = path + ".images[" + i + "]";
      if (!images.get(i).isObject()) {
        throw new JsonDecodingException(
            at, "an image is a JSON object, was " + describe(images.get(i)));
      }
      out.add(image(images.get(i), at));
    }
    return out;
  }

  private static Part readPart(JsonNode node, String path) {
    if (!node.isObject()) {
      throw new JsonDecodingException(path, "a part is a JSON object, was " + describe(node));
    }
    String type = text(node, "type", path);
    return switch (type) {
      case "text" -> Part.text(text(node, "text", path));
      case "image" -> Part.image(image(node, path));
      case "tool_call" ->
          new Part.ToolCall(
              text(node, "id", path), text(node, "name", path), text(node, "arguments", path));
      case "tool_result" ->
          new Part.ToolResult(
              text(node, "callId", path),
              text(node, "name", path),
              text(node, "content", path),
              bool(node, "isError", path),
              images(node, path));
      case "reasoning" ->
          new Part.Reasoning(
              text(node, "text", path),
              optionalText(node, "signature", path),
              optionalText(node, "redactedData", path),
              optionalText(node, "origin", path),
              optionalText(node, "id", path));
      default ->
          throw new JsonDecodingException(
              path + ".type",
              "unknown part type \""
                  + type
                  + "\": version "
                  + VERSION
                  + " has text, image, tool_call, tool_result and reasoning");
    };
  }

  private static Image image(JsonNode node, String path) {
    try {
      if (node.has("url")) {
        String url = text(node, "url", path);
        try {
          return Image.fromUrl(new URI(url));
        } catch (URISyntaxException e) {
          throw new JsonDecodingException(path + ".url", "not a URI: " + e.getMessage(), e);
        }
      }
      String mimeType = text(node, "mimeType", path);
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text(node, "base64", path));
      } catch (IllegalArgumentException e) {
        throw new JsonDecodingException(path + ".base64", "not base64: " + e.getMessage(), e);
      }
      return Image.fromBytes(bytes, mimeType);
    } catch (ImageException e) {
      throw new JsonDecodingException(path, "not an image: " + e.getMessage(), e);
    }
  }

  private static Role role(String text) {
    for (Role role : Role.values()) {
      if (role.name().toLowerCase(Locale.ROOT).equals(text)) {
        return role;
      }
    }
    throw new JsonDecodingException(
        "$.role",
        "unknown role \""
            + text
            + "\": a stored message's role is system, user, assistant or tool");
  }

  private static String text(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || !value.isTextual()) {
      throw new JsonDecodingException(
          path + "." + field,
          (value == null ? "missing field " : "field ")
              + field
              + (value == null ? "" : " is a string, was " + describe(value)));
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode object, String field, String path) {
    JsonNode value = object.get(field);
    if (value == null || !value.isBoolean()) {
      throw new JsonDecodingException(
          path + "." + field,
          (value == null ? "missing field " : "field ")
              + field
              + (value == null ? "" : " is true or false, was " + describe(value)));
    }
    return value.booleanValue();
  }

  private static String describe(JsonNode node) {
    if (node == null) {
      return "absent";
    }
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * Escapes every UTF-16 surrogate: a lone one has no UTF-8 form, and a JDBC driver would replace
   * it with a question mark. Control characters are escaped by Jackson already.
   */
  private static final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return Character.isSurrogate((char) ch)
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }
}
