package dev.majordomo.provider.anthropic;

import dev.majordomo.llm.Message;
import dev.majordomo.llm.Part;
import dev.majordomo.llm.Request;
import dev.majordomo.media.Image;
import dev.majordomo.media.ImageLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Anthropic's documented image limits
 * (https://docs.anthropic.com/en/docs/build-with-claude/vision), applied before a request is sent
 * so that a bad image fails with a clear {@link dev.majordomo.media.ImageException} instead of an
 * HTTP 400.
 */
final class AnthropicImages {
  private static final Set<String> FORMATS =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  /** The per-image size limit the API enforces: 5 MiB. */
  static final long MAX_IMAGE_BYTES = 5L << 20;

  /**
   * The raw image bytes that fit the 32 MB request cap once base64 has grown them by a third. The
   * rest of the request is usually small; the server has the last word.
   */
  static final long MAX_TOTAL_BYTES = (32L << 20) / 4 * 3;

  /** Requests with up to this many images may use the full 8000 px per side. */
  static final int FEW_IMAGES = 20;

  /**
   * Up to 20 images: 8000×8000 px each. The API scales anything whose long side is over 1568 px
   * down anyway, so with downscaling on that is the size sent.
   */
  static final ImageLimits FEW =
      new ImageLimits(
          "anthropic", FORMATS, MAX_IMAGE_BYTES, 8000, 8000, true, 100, MAX_TOTAL_BYTES, 1568, 0);

  /** More than 20 images in one request: 2000×2000 px each. */
  static final ImageLimits MANY =
      new ImageLimits(
          "anthropic (more than 20 images in a request)",
          FORMATS,
          MAX_IMAGE_BYTES,
          2000,
          2000,
          true,
          100,
          MAX_TOTAL_BYTES,
          1568,
          0);

  private AnthropicImages() {}

  /**
   * {@code request} with every image (the user's, and those tool results hold) checked against the
   * limits and, when {@code downscale} is true, scaled down where it is over them; the same request
   * when it has no images.
   *
   * @param maxImageBytes the registry's per-image limit ({@code Limits.maxImageBytes}), applied
   *     where it is stricter than Anthropic's own
   * @throws dev.majordomo.media.ImageException for an image over a limit that is not (or cannot be)
   *     fixed by scaling, or a request with too many images or image bytes
   */
  static Request prepare(Request request, boolean downscale, long maxImageBytes) {
    // a tool's images (an MCP server's screenshot, say) count as much as the user's
    long count =
        request.messages().stream()
            .flatMap(m -> m.parts().stream())
            .mapToLong(AnthropicImages::imageCount)
            .sum();
    if (count == 0) {
      return request;
    }
    ImageLimits limits = (count > FEW_IMAGES ? MANY : FEW).atMost(maxImageBytes);
    List<Image> sent = new ArrayList<>();
    List<Message> messages = new ArrayList<>();
    for (Message message : request.messages()) {
      if (message.parts().stream().noneMatch(p -> imageCount(p) > 0)) {
        messages.add(message);
        continue;
      }
      List<Part> parts = new ArrayList<>();
      for (Part part : message.parts()) {
        if (part instanceof Part.ImagePart i) {
          Image fitted = limits.fit(i.image(), downscale);
          sent.add(fitted);
          parts.add(fitted == i.image() ? part : Part.image(fitted));
        } else if (part instanceof Part.ToolResult r && !r.images().isEmpty()) {
          List<Image> fitted = new ArrayList<>(r.images().size());
          for (Image image : r.images()) {
            fitted.add(limits.fit(image, downscale));
          }
          sent.addAll(fitted);
          parts.add(r.withImages(fitted));
        } else {
          parts.add(part);
        }
      }
      messages.add(new Message(message.role(), parts));
    }
    limits.checkRequest(sent);
    return new Request(messages, request.tools(), request.options(), request.responseSchema());
  }

  private static long imageCount(Part part) {
    if (part instanceof Part.ImagePart) {
      return 1;
    }
    return part instanceof Part.ToolResult r ? r.images().size() : 0;
  }
}
