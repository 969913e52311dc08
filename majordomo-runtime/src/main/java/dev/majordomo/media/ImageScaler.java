package dev.majordomo.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Scales an image down with ImageIO and Java 2D. A JPEG stays a JPEG (quality 0.9); anything else
 * becomes a PNG, which keeps transparency. Formats this JVM cannot decode (WebP, without a plugin)
 * fail with an {@link ImageException}.
 */
final class ImageScaler {
  private static final float JPEG_QUALITY = 0.9f;

  private ImageScaler() {}

  static Image scale(Image image, int width, int height) {
    String type = image.mimeType().orElseThrow();
    BufferedImage source;
    try {
      source = ImageIO.read(new ByteArrayInputStream(image.bytes().orElseThrow()));
    } catch (IOException e) {
      throw new ImageException(
          "cannot decode the " + type + " image to scale it: " + e.getMessage(), e);
    }
    if (source == null) {
      throw new ImageException(
          "cannot scale the " + type + " image: this JVM has no ImageIO decoder for it");
    }
    boolean jpeg = type.equals("image/jpeg");
    BufferedImage target =
        new BufferedImage(
            width, height, jpeg ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB);
    BufferedImage current = source;
    // Halve in steps first: one bilinear pass from far larger sizes aliases badly.
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, target.getType());
    }
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(current, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return Image.fromBytes(jpeg ? writeJpeg(target) : writePng(target));
  }

  private static BufferedImage draw(BufferedImage from, int width, int height, int type) {
    BufferedImage to = new BufferedImage(width, height, type);
    Graphics2D g = to.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(from, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return to;
  }

  private static byte[] writePng(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", out)) {
        throw new ImageException("this JVM has no ImageIO PNG encoder");
      }
    } catch (IOException e) {
      throw new ImageException("cannot encode the scaled image: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  private static byte[] writeJpeg(BufferedImage image) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new ImageException("this JVM has no ImageIO JPEG encoder");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new ImageException("cannot encode the scaled image: " + e.getMessage(), e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
