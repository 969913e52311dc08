package dev.majordomo.media;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one provider accepts as images, checked before a request is sent so that a bad image fails
 * with a clear {@link ImageException} instead of an opaque HTTP 400. A limit of {@code 0} means "no
 * limit". Images passed by URL are never fetched, so only their count is checked.
 *
 * @param provider the provider's name, for messages
 * @param mimeTypes the accepted formats
 * @param maxBytes the largest image, in bytes
 * @param maxWidth the widest image, in pixels
 * @param maxHeight the tallest image, in pixels
 * @param animationAllowed whether animated GIF/WebP images are accepted
 * @param maxImages the most images in one request
 * @param maxTotalBytes the most image bytes in one request
 * @param recommendedLongSide the long side the provider scales images down to anyway
 * @param recommendedShortSide the short side the provider scales images down to anyway
 */
public record ImageLimits(
    String provider,
    Set<String> mimeTypes,
    long maxBytes,
    int maxWidth,
    int maxHeight,
    boolean animationAllowed,
    int maxImages,
    long maxTotalBytes,
    int recommendedLongSide,
    int recommendedShortSide) {

  /**
   * OpenAI's documented limits (https://platform.openai.com/docs/guides/images-vision): PNG, JPEG,
   * WebP and non-animated GIF; 20 MB per image; 500 images and 50 MB per request; no pixel limit,
   * but {@code detail: high} fits an image within 2000 px on the long side and 768 px on the short
   * side, so anything larger only costs upload time.
   */
  public static final ImageLimits OPENAI =
      new ImageLimits(
          "openai",
          Set.of("image/png", "image/jpeg", "image/webp", "image/gif"),
          20_000_000,
          0,
          0,
          false,
          500,
          50_000_000,
          2000,
          768);

  /** Accepts every image Majordomo can load, of any size. */
  public static final ImageLimits NONE =
      new ImageLimits(
          "any provider",
          Set.of("image/png", "image/jpeg", "image/webp", "image/gif"),
          0,
          0,
          0,
          true,
          0,
          0,
          0,
          0);

  /**
   * Checks the limits; {@code 0} means no limit.
   *
   * @param provider the provider's name, not null
   * @param mimeTypes the accepted formats
   * @param maxBytes the largest image, in bytes
   * @param maxWidth the widest image, in pixels
   * @param maxHeight the tallest image, in pixels
   * @param animationAllowed whether animated images are accepted
   * @param maxImages the most images in one request
   * @param maxTotalBytes the most image bytes in one request
   * @param recommendedLongSide the long side the provider scales images down to
   * @param recommendedShortSide the short side the provider scales images down to
   * @throws IllegalArgumentException if a limit is negative
   */
  public ImageLimits {
    Objects.requireNonNull(provider, "provider");
    mimeTypes = Set.copyOf(mimeTypes);
    if (maxBytes < 0
        || maxWidth < 0
        || maxHeight < 0
        || maxImages < 0
        || maxTotalBytes < 0
        || recommendedLongSide < 0
        || recommendedShortSide < 0) {
      throw new IllegalArgumentException("image limits cannot be negative");
    }
  }

  /**
   * These limits with the per-image byte limit lowered to {@code maxBytes} where that is stricter:
   * how a registry's {@code Limits.maxImageBytes} combines with a provider's own limits.
   *
   * @param maxBytes the registry's limit, in bytes
   * @return the stricter limits
   * @throws IllegalArgumentException when {@code maxBytes} is not positive
   */
  public ImageLimits atMost(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    if (this.maxBytes > 0 && this.maxBytes <= maxBytes) {
      return this;
    }
    return new ImageLimits(
        provider,
        mimeTypes,
        maxBytes,
        maxWidth,
        maxHeight,
        animationAllowed,
        maxImages,
        maxTotalBytes,
        recommendedLongSide,
        recommendedShortSide);
  }

  /**
   * Checks one image against these limits and returns what to send: the image itself, or, when
   * {@code downscale} is true and the image is over a limit or larger than the recommended size, a
   * copy scaled down (aspect ratio kept) to fit.
   *
   * @param image the image
   * @param downscale whether an image over a limit may be scaled down
   * @return the image to send
   * @throws ImageException when the image breaks a limit that downscaling cannot fix (or {@code
   *     downscale} is false), or cannot be read
   */
  public Image fit(Image image, boolean downscale) {
    Objects.requireNonNull(image, "image");
    if (image.isUrl()) {
      return image;
    }
    String type = image.mimeType().orElseThrow();
    if (!mimeTypes.contains(type)) {
      throw new ImageException(
          provider
              + " does not accept "
              + type
              + " images (accepts "
              + new TreeSet<>(mimeTypes)
              + ")");
    }
    byte[] bytes = image.bytes().orElseThrow();
    ImageInfo info = ImageInfo.read(bytes, type);
    if (info.animated() && !animationAllowed) {
      throw new ImageException(
          provider + " does not accept animated images (" + describe(image, info) + ")");
    }
    boolean tooLarge = maxBytes > 0 && bytes.length > maxBytes;
    boolean tooWide =
        (maxWidth > 0 && info.width() > maxWidth) || (maxHeight > 0 && info.height() > maxHeight);
    double scale = scale(info.width(), info.height());
    if (!downscale) {
      if (tooLarge || tooWide) {
        throw new ImageException(
            describe(image, info)
                + " is over "
                + provider
                + "'s limits ("
                + limitsText()
                + "); scale it down, or let Majordomo do it (DSN parameter downscale_images=true)");
      }
      return image;
    }
    if (!tooLarge && scale >= 1.0) {
      return image;
    }
    int width = Math.max(1, (int) Math.floor(info.width() * Math.min(scale, 1.0)));
    int height = Math.max(1, (int) Math.floor(info.height() * Math.min(scale, 1.0)));
    Image scaled = ImageScaler.scale(image, width, height);
    if (maxBytes > 0 && scaled.byteCount() > maxBytes) {
      throw new ImageException(
          describe(image, info)
              + " is still "
              + scaled.byteCount()
              + " bytes after scaling to "
              + width
              + "×"
              + height
              + ", over "
              + provider
              + "'s limit of "
              + maxBytes);
    }
    return scaled;
  }

  /**
   * Checks the images of one request together: their number and total size.
   *
   * @param images every image of the request
   * @throws ImageException when the request has too many images or too many bytes of them
   */
  public void checkRequest(List<Image> images) {
    if (maxImages > 0 && images.size() > maxImages) {
      throw new ImageException(
          "the request has "
              + images.size()
              + " images; "
              + provider
              + " accepts at most "
              + maxImages);
    }
    long total = 0;
    for (Image image : images) {
      total += image.byteCount();
    }
    if (maxTotalBytes > 0 && total > maxTotalBytes) {
      throw new ImageException(
          "the request has "
              + total
              + " bytes of images; "
              + provider
              + " accepts at most "
              + maxTotalBytes
              + " per request");
    }
  }

  /** The factor that brings {@code width × height} within every pixel limit (≥ 1 when it fits). */
  private double scale(int width, int height) {
    double s = Double.POSITIVE_INFINITY;
    int longSide = Math.max(width, height);
    int shortSide = Math.min(width, height);
    if (recommendedLongSide > 0) {
      s = Math.min(s, (double) recommendedLongSide / longSide);
    }
    if (recommendedShortSide > 0) {
      s = Math.min(s, (double) recommendedShortSide / shortSide);
    }
    if (maxWidth > 0) {
      s = Math.min(s, (double) maxWidth / width);
    }
    if (maxHeight > 0) {
      s = Math.min(s, (double) maxHeight / height);
    }
    return s;
  }

  private String limitsText() {
    StringBuilder s = new StringBuilder();
    if (maxBytes > 0) {
      s.append("at most ").append(maxBytes).append(" bytes");
    }
    if (maxWidth > 0 || maxHeight > 0) {
      s.append(s.length() > 0 ? ", " : "").append("at most ");
      s.append(maxWidth > 0 ? maxWidth : "any")
          .append('×')
          .append(maxHeight > 0 ? maxHeight : "any");
      s.append(" px");
    }
    return s.length() == 0 ? "none" : s.toString();
  }

  private static String describe(Image image, ImageInfo info) {
    return "the "
        + image.mimeType().orElseThrow()
        + " image of "
        + info.width()
        + "×"
        + info.height()
        + " px and "
        + image.byteCount()
        + " bytes";
  }
}
