package dev.majordomo.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * An image to send to a model: bytes in memory (format sniffed from magic bytes: PNG, JPEG, GIF,
 * WebP) or a URL passed by reference, which Majordomo never fetches. Immutable.
 */
public final class Image {
  private final byte[] bytes;
  private final String mimeType;
  private final URI url;

  private Image(byte[] bytes, String mimeType, URI url) {
    this.bytes = bytes;
    this.mimeType = mimeType;
    this.url = url;
  }

  /**
   * Reads a file; its format is sniffed from its first bytes.
   *
   * @param path the file
   * @return the image
   * @throws ImageException if the file cannot be read or is not a PNG, JPEG, GIF or WebP image
   */
  public static Image fromPath(Path path) {
    Objects.requireNonNull(path, "path");
    try {
      return fromBytes(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new ImageException("cannot read image " + path + ": " + e.getMessage(), e);
    } catch (ImageException e) {
      throw new ImageException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Image bytes whose format is sniffed from the magic bytes.
   *
   * @param bytes the image; copied
   * @return the image
   * @throws ImageException if the bytes are not a PNG, JPEG, GIF or WebP image
   */
  public static Image fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    String sniffed =
        ImageFormat.sniff(bytes)
            .orElseThrow(
                () ->
                    new ImageException(
                        "not a PNG, JPEG, GIF or WebP image (first bytes: "
                            + ImageFormat.hexPrefix(bytes)
                            + ")"));
    return new Image(bytes.clone(), sniffed, null);
  }

  /**
   * Image bytes with a declared MIME type, which must agree with the bytes when they are
   * recognisable.
   *
   * @param bytes the image; copied
   * @param mimeType the declared type, such as {@code image/png}
   * @return the image
   * @throws ImageException if the bytes are not a recognised image or disagree with the type
   */
  public static Image fromBytes(byte[] bytes, String mimeType) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mimeType, "mimeType");
    Optional<String> sniffed = ImageFormat.sniff(bytes);
    if (sniffed.isEmpty()) {
      throw new ImageException(
          "declared " + mimeType + " but the bytes are not a PNG, JPEG, GIF or WebP image");
    }
    if (!sniffed.get().equals(mimeType)) {
      throw new ImageException("declared " + mimeType + " but the bytes are " + sniffed.get());
    }
    return new Image(bytes.clone(), mimeType, null);
  }

  /**
   * Reads a stream to its end (the caller closes it).
   *
   * @param in the stream
   * @return the image
   * @throws ImageException if the stream cannot be read or is not a recognised image
   */
  public static Image fromStream(InputStream in) {
    Objects.requireNonNull(in, "in");
    try {
      return fromBytes(in.readAllBytes());
    } catch (IOException e) {
      throw new ImageException("cannot read image stream: " + e.getMessage(), e);
    }
  }

  /**
   * An image the provider fetches itself. Majordomo never downloads it.
   *
   * @param url an {@code http} or {@code https} URL
   * @return the image
   * @throws ImageException if the URL is neither {@code http} nor {@code https}
   */
  public static Image fromUrl(URI url) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new ImageException("an image URL must be http or https, was " + url);
    }
    return new Image(null, null, url);
  }

  /** {@return whether the provider fetches this image from a URL} */
  public boolean isUrl() {
    return url != null;
  }

  /** {@return the URL, for an image the provider fetches} */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  /** {@return the MIME type, for an image in memory} */
  public Optional<String> mimeType() {
    return Optional.ofNullable(mimeType);
  }

  /** {@return a copy of the bytes, for an image in memory} */
  public Optional<byte[]> bytes() {
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /** {@return the size in bytes, for an image in memory; 0 for a URL} */
  public int byteCount() {
    return bytes == null ? 0 : bytes.length;
  }

  /** {@return Base64 of the bytes, for an image in memory} */
  public Optional<String> base64() {
    return bytes == null
        ? Optional.empty()
        : Optional.of(Base64.getEncoder().encodeToString(bytes));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Image other
        && Arrays.equals(bytes, other.bytes)
        && Objects.equals(mimeType, other.mimeType)
        && Objects.equals(url, other.url);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(bytes), mimeType, url);
  }

  @Override
  public String toString() {
    return url != null
        ? "Image[" + shown(url) + "]"
        : "Image[" + mimeType + ", " + bytes.length + " bytes]";
  }

  /**
   * The URL without what may be a credential: user info, query and fragment (a signed URL's
   * signature lives in its query). Messages and logs print this, never the URL itself.
   */
  private static String shown(URI url) {
    if (url.getScheme() == null || url.getRawAuthority() == null) {
      return url.getScheme() == null ? "(a relative URL)" : url.getScheme() + ":…";
    }
    StringBuilder s = new StringBuilder(url.getScheme()).append("://");
    if (url.getHost() != null) {
      s.append(
          url.getHost().contains(":") && !url.getHost().startsWith("[")
              ? "[" + url.getHost() + "]"
              : url.getHost());
      if (url.getPort() >= 0) {
        s.append(':').append(url.getPort());
      }
    } else {
      s.append("…");
    }
    if (url.getRawPath() != null) {
      s.append(url.getRawPath());
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      s.append("?…");
    }
    return s.toString();
  }
}
