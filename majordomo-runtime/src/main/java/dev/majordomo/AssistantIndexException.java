package dev.majordomo;

import java.util.OptionalInt;

/**
 * An {@link AssistantIndex} resource that cannot be read, or a line of it that is malformed. The
 * message names the resource's URL and, for a malformed line, its number.
 */
public final class AssistantIndexException extends MajordomoException {
  private static final long serialVersionUID = 1L;

  /**
   * @serial the URL of the resource at fault
   */
  private final String resource;

  /**
   * @serial the 1-based line at fault, or 0
   */
  private final int line;

  /**
   * Creates an exception about a line of {@code resource}.
   *
   * @param resource the URL of the resource
   * @param line the 1-based number of the malformed line, or 0 when the error is about the whole
   *     resource
   * @param message what is wrong; the resource and line are prepended
   * @param cause the underlying error, or {@code null}
   */
  AssistantIndexException(String resource, int line, String message, Throwable cause) {
    super(resource + (line > 0 ? ":" + line : "") + ": " + message, cause);
    this.resource = resource;
    this.line = line;
  }

  /** {@return the URL of the resource at fault} */
  public String resource() {
    return resource;
  }

  /** {@return the 1-based number of the malformed line, when the error is about one} */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }
}
