package dev.majordomo.internal.assistant;

import dev.majordomo.StructuredOutputException;
import java.util.Objects;

/**
 * Turns the model's final reply text into the method's return value. For generated code. A decoder
 * that throws makes the runtime retry once with the error shown to the model, then fail with a
 * {@link StructuredOutputException}.
 *
 * @param <T> the decoded type
 */
@FunctionalInterface
public interface ReplyDecoder<T> {

  /** The reply text as it is. */
  ReplyDecoder<String> TEXT = text -> text;

  T decode(String text) throws Exception;

  /**
   * A decoder that parses the text as JSON (tolerating a Markdown code fence around it, as models
   * sometimes add one) and hands the tree to {@code decoder}.
   */
  static <T> ReplyDecoder<T> json(JsonDecoder<T> decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return text -> decoder.decode(Json.parseReply(text));
  }

  /**
   * A decoder of a reply that is not an object, which structured output wraps as {@code {"value":
   * ...}}: it parses the text as {@link #json} does and decodes the required field {@code value}.
   */
  static <T> ReplyDecoder<T> jsonValue(Json.ElementDecoder<T> decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return json(node -> Json.requiredField(node, "$", "value", decoder));
  }

  /**
   * A decoder of a reply that is an object, decoded by {@code decoder} at path {@code $}: {@link
   * #json} with a decoder that generated code names by reference instead of a lambda.
   */
  static <T> ReplyDecoder<T> jsonObject(Json.ElementDecoder<T> decoder) {
    Objects.requireNonNull(decoder, "decoder");
    return json(node -> decoder.decode(node, "$"));
  }

  /** A decoder of a reply that is one constant of {@code type}, wrapped as {@link #jsonValue}. */
  static <E extends Enum<E>> ReplyDecoder<E> jsonEnum(Class<E> type) {
    Objects.requireNonNull(type, "type");
    return json(node -> Json.requiredEnum(node, "$", "value", type));
  }
}
