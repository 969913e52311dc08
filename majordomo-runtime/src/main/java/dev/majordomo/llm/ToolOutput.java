package dev.majordomo.llm;

import dev.majordomo.media.Image;
import java.util.List;
import java.util.Objects;

/**
 * What a tool returns to the model: text, images where the tool produced some, and whether it is an
 * error the model should read as one.
 *
 * @param text the result text (for an error, what went wrong)
 * @param images images the tool produced, in order; providers that cannot take images in a tool
 *     result say so in the text they send instead
 * @param isError whether the tool failed
 */
public record ToolOutput(String text, List<Image> images, boolean isError) {
  /**
   * Checks the output.
   *
   * @param text the result text, not null
   * @param images the images, not null (copied)
   * @param isError whether the tool failed
   */
  public ToolOutput {
    Objects.requireNonNull(text, "text");
    images = List.copyOf(images);
  }

  /**
   * A successful text result.
   *
   * @param text the text
   * @return the output
   */
  public static ToolOutput text(String text) {
    return new ToolOutput(text, List.of(), false);
  }

  /**
   * An error result.
   *
   * @param message what went wrong, for the model to read
   * @return the output
   */
  public static ToolOutput error(String message) {
    return new ToolOutput(message, List.of(), true);
  }
}
