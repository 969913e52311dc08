package dev.majordomo.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Small images generated in memory with ImageIO (and WebP headers written by hand). */
final class TestImages {
  private TestImages() {}

  static BufferedImage pattern(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        image.setRGB(x, y, new Color((x * 7) % 256, (y * 5) % 256, 128, 200).getRGB());
      }
    }
    return image;
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] png(int width, int height) {
    return encode(pattern(width, height, BufferedImage.TYPE_INT_ARGB), "png");
  }

  static byte[] jpeg(int width, int height) {
    return encode(pattern(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
  }

  static byte[] gif(int width, int height) {
    return encode(pattern(width, height, BufferedImage.TYPE_INT_RGB), "gif");
  }

  static byte[] animatedGif(int width, int height) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(
          new IIOImage(pattern(width, height, BufferedImage.TYPE_INT_RGB), null, null), null);
      writer.writeToSequence(
          new IIOImage(pattern(width, height, BufferedImage.TYPE_INT_RGB), null, null), null);
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static ByteBuffer riff(String chunk, int payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + payload).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(12 + payload);
    b.put("WEBP".getBytes(StandardCharsets.US_ASCII))
        .put(chunk.getBytes(StandardCharsets.US_ASCII));
    b.putInt(payload);
    return b;
  }

  /** A lossless WebP header (VP8L) for {@code width × height}. */
  static byte[] webpLossless(int width, int height) {
    ByteBuffer b = riff("VP8L", 10);
    b.put((byte) 0x2F);
    b.putInt((width - 1) | (height - 1) << 14);
    return b.array();
  }

  /** A lossy WebP header (VP8) for {@code width × height}. */
  static byte[] webpLossy(int width, int height) {
    ByteBuffer b = riff("VP8 ", 16);
    b.put(new byte[] {0, 0, 0, (byte) 0x9D, 0x01, 0x2A});
    b.putShort((short) width).putShort((short) height);
    return b.array();
  }

  /** An extended WebP header (VP8X), optionally flagged as animated. */
  static byte[] webpExtended(int width, int height, boolean animated) {
    ByteBuffer b = riff("VP8X", 10);
    b.put((byte) (animated ? 0x02 : 0)).put(new byte[3]);
    int w = width - 1;
    int h = height - 1;
    b.put((byte) w).put((byte) (w >> 8)).put((byte) (w >> 16));
    b.put((byte) h).put((byte) (h >> 8)).put((byte) (h >> 16));
    return b.array();
  }
}
