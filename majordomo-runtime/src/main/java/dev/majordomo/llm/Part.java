package dev.majordomo.llm;

import dev.majordomo.media.Image;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a {@link Message}: text, an image, a tool call the model made, its result, or the
 * model's reasoning.
 */
public sealed interface Part {

  /**
   * A text part.
   *
   * @param text the text
   * @return the part
   */
  static Text text(String text) {
    return new Text(text);
  }

  /**
   * An image part.
   *
   * @param image the image
   * @return the part
   */
  static ImagePart image(dev.majordomo.media.Image image) {
    return new ImagePart(image);
  }

  /**
   * Reasoning ("thinking") a model showed before or between its answers. {@code text} is for
   * display; the rest is opaque and means something only to the wire that produced it ({@code
   * origin}): a codec replays a reasoning part only to its own origin and drops it for any other,
   * which is how a conversation moves across failover (see {@code docs/reasoning-and-caching.md}).
   *
   * <p>Anthropic requires the thinking blocks of an assistant turn that made tool calls to be sent
   * back unchanged, signature intact; redacted thinking carries only {@code redactedData}.
   *
   * @param text the reasoning text; empty for redacted reasoning
   * @param signature opaque data the origin needs to verify or resume the reasoning (Anthropic's
   *     {@code signature}, the Responses API's {@code encrypted_content}), or {@code null}
   * @param redactedData the encrypted content of reasoning the provider would not show (Anthropic's
   *     {@code redacted_thinking}), or {@code null}
   * @param origin the wire that produced it, such as {@link #ANTHROPIC}, or {@code null} when
   *     unknown (such a part is replayed to no wire)
   * @param id the provider's id of the reasoning item (the Responses API's {@code rs_…}), or {@code
   *     null}
   */
  record Reasoning(String text, String signature, String redactedData, String origin, String id)
      implements Part {
    /** The origin of reasoning from Anthropic's Messages API. */
    public static final String ANTHROPIC = "anthropic";

    /** The origin of reasoning from OpenAI's Responses API. */
    public static final String OPENAI_RESPONSES = "openai-responses";

    /** The origin of reasoning from Ollama's chat API. */
    public static final String OLLAMA = "ollama";

    /** The origin of reasoning from an OpenAI-compatible Chat Completions server. */
    public static final String OPENAI_COMPATIBLE = "openai-compatible";

    /**
     * Checks the part.
     *
     * @param text the reasoning text, not null
     * @param signature opaque data, or {@code null}
     * @param redactedData redacted reasoning's encrypted content, or {@code null}
     * @param origin the wire that produced it, or {@code null}
     * @param id the provider's id of the item, or {@code null}
     */
    public Reasoning {
      Objects.requireNonNull(text, "text");
    }

    /**
     * Reasoning text from {@code origin}, without opaque data.
     *
     * @param text the reasoning text, not null
     * @param origin the wire that produced it, or {@code null}
     * @return the part
     */
    public static Reasoning text(String text, String origin) {
      return new Reasoning(text, null, null, origin, null);
    }

    /**
     * An Anthropic thinking block.
     *
     * @param text the thinking text, not null
     * @param signature its signature, or {@code null}
     * @return the part
     */
    public static Reasoning anthropic(String text, String signature) {
      return new Reasoning(text, signature, null, ANTHROPIC, null);
    }

    /**
     * An Anthropic redacted thinking block.
     *
     * @param data its encrypted content, not null
     * @return the part
     */
    public static Reasoning anthropicRedacted(String data) {
      Objects.requireNonNull(data, "data");
      return new Reasoning("", null, data, ANTHROPIC, null);
    }

    /**
     * {@return the texts of {@code parts} that have one, joined by blank lines}
     *
     * @param parts reasoning parts
     */
    public static String joinedText(java.util.Collection<Reasoning> parts) {
      StringBuilder text = new StringBuilder();
      for (Reasoning part : parts) {
        if (!part.text.isEmpty()) {
          if (text.length() > 0) {
            text.append("\n\n");
          }
          text.append(part.text);
        }
      }
      return text.toString();
    }

    /** {@return whether the provider withheld the text and sent only encrypted content} */
    public boolean isRedacted() {
      return redactedData != null;
    }

    /**
     * {@return whether this part is {@code origin}'s to replay}
     *
     * @param origin a wire, such as {@link #ANTHROPIC}
     */
    public boolean isFrom(String origin) {
      return origin.equals(this.origin);
    }

    /** Leaves the opaque data out: it is long and means nothing to a reader. */
    @Override
    public String toString() {
      return "Reasoning[text="
          + text
          + ", signature="
          + (signature == null ? "none" : signature.length() + " chars")
          + ", redacted="
          + isRedacted()
          + ", origin="
          + origin
          + (id == null ? "" : ", id=" + id)
          + "]";
    }
  }

  /**
   * Plain text.
   *
   * @param text the text
   */
  record Text(String text) implements Part {
    /**
     * Checks the text.
     *
     * @param text the text, not null
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image sent to the model.
   *
   * @param image the image
   */
  record ImagePart(dev.majordomo.media.Image image) implements Part {
    /**
     * Checks the image.
     *
     * @param image the image, not null
     */
    public ImagePart {
      Objects.requireNonNull(image, "image");
    }
  }

  /**
   * A call the model asks for. {@code argumentsJson} is the JSON object text exactly as the model
   * produced it; the id is preserved so that the result can be matched back to the call.
   *
   * @param id the id the model gave the call
   * @param name the tool's name
   * @param argumentsJson the arguments, a JSON object as text
   */
  record ToolCall(String id, String name, String argumentsJson) implements Part {
    /**
     * Checks the call; blank arguments become {@code {}}.
     *
     * @param id the id the model gave the call, not null
     * @param name the tool's name, not null
     * @param argumentsJson the arguments, a JSON object as text
     */
    public ToolCall {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
  }

  /**
   * The result of a {@link ToolCall}, matched by {@code callId}. An error result carries the error
   * text for the model to see; it is never thrown.
   *
   * @param callId the id of the call this answers
   * @param name the tool's name
   * @param content the result text, or the error text
   * @param isError whether the tool failed
   * @param images images the tool produced (a tool of a {@link ToolSource} may return some), in
   *     order; empty for a text result. Each provider sends them its own way (see {@code
   *     docs/tools.md})
   */
  record ToolResult(String callId, String name, String content, boolean isError, List<Image> images)
      implements Part {
    /** What every error text a model reads starts with; see {@link #modelText()}. */
    public static final String ERROR_PREFIX = "Error: ";

    /**
     * Checks the result.
     *
     * @param callId the id of the call this answers, not null
     * @param name the tool's name, not null
     * @param content the result text, or the error text, not null
     * @param isError whether the tool failed
     * @param images the images the tool produced, not null (copied)
     */
    public ToolResult {
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(content, "content");
      images = List.copyOf(images);
    }

    /**
     * A result without images.
     *
     * @param callId the id of the call this answers, not null
     * @param name the tool's name, not null
     * @param content the result text, or the error text, not null
     * @param isError whether the tool failed
     */
    public ToolResult(String callId, String name, String content, boolean isError) {
      this(callId, name, content, isError, List.of());
    }

    /**
     * {@return this result with {@code images} instead of its own}
     *
     * @param images the images, not null
     */
    public ToolResult withImages(List<Image> images) {
      return new ToolResult(callId, name, content, isError, images);
    }

    /**
     * A successful result of {@code call}.
     *
     * @param call the call this answers
     * @param content the result text
     * @return the result
     */
    public static ToolResult success(ToolCall call, String content) {
      return new ToolResult(call.id(), call.name(), content, false);
    }

    /**
     * An error result whose content is {@code message} with the {@linkplain #ERROR_PREFIX error
     * prefix}, added unless {@code message} already starts with it.
     *
     * @param call the call this answers
     * @param message what went wrong, for the model to read
     * @return the result
     */
    public static ToolResult error(ToolCall call, String message) {
      return new ToolResult(call.id(), call.name(), prefixed(message), true);
    }

    /**
     * The text a model reads for this result, the same on every provider: the content of a success
     * as it is; the content of an error starting with {@link #ERROR_PREFIX} exactly once (case
     * aside: a content that already starts with {@code "error:"} is not prefixed again). Providers
     * whose wire also has an error flag (Anthropic's {@code is_error}) set it as well.
     *
     * @return the text the model reads
     */
    public String modelText() {
      return isError ? prefixed(content) : content;
    }

    private static String prefixed(String message) {
      Objects.requireNonNull(message, "message");
      // One prefix, even for a text that someone (a tool, a replayed transcript) already marked.
      return message.regionMatches(true, 0, ERROR_PREFIX, 0, ERROR_PREFIX.length() - 1)
          ? message
          : ERROR_PREFIX + message;
    }
  }
}
