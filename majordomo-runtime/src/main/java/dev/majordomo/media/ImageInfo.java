package dev.majordomo.media;

/**
 * What an image's header says: its size in pixels and whether it is animated. Read from the bytes
 * without decoding the pixels.
 */
record ImageInfo(int width, int height, boolean animated) {

  static ImageInfo read(byte[] b, String mimeType) {
    try {
      return switch (mimeType) {
        case "image/png" -> png(b);
        case "image/gif" -> gif(b);
        case "image/jpeg" -> jpeg(b);
        case "image/webp" -> webp(b);
        default -> throw new ImageException("unrecognised image type " + mimeType);
      };
    } catch (IndexOutOfBoundsException e) {
      throw corrupt(mimeType, "the header is truncated");
    }
  }

  private static ImageInfo png(byte[] b) {
    if (!(b[12] == 'I' && b[13] == 'H' && b[14] == 'D' && b[15] == 'R')) {
      throw corrupt("image/png", "the first chunk is not IHDR");
    }
    return checked("image/png", be32(b, 16), be32(b, 20), false);
  }

  private static ImageInfo gif(byte[] b) {
    return checked("image/gif", le16(b, 6), le16(b, 8), GifFrames.count(b) > 1);
  }

  private static ImageInfo jpeg(byte[] b) {
    int i = 2;
    while (i + 3 < b.length) {
      if ((b[i] & 0xFF) != 0xFF) {
        throw corrupt("image/jpeg", "expected a marker at byte " + i);
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        break; // end of image or start of scan before any frame header
      }
      int length = be16(b, i + 2);
      boolean sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        return checked("image/jpeg", be16(b, i + 7), be16(b, i + 5), false);
      }
      i += 2 + length;
    }
    throw corrupt("image/jpeg", "no frame header (SOF) found");
  }

  private static ImageInfo webp(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    return switch (chunk) {
      case "VP8 " -> {
        if ((b[23] & 0xFF) != 0x9D || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2A) {
          throw corrupt("image/webp", "bad VP8 frame signature");
        }
        yield checked("image/webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, false);
      }
      case "VP8L" -> {
        if ((b[20] & 0xFF) != 0x2F) {
          throw corrupt("image/webp", "bad VP8L signature");
        }
        int bits =
            (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
        yield checked("image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, false);
      }
      case "VP8X" -> {
        boolean animated = (b[20] & 0x02) != 0;
        yield checked("image/webp", le24(b, 24) + 1, le24(b, 27) + 1, animated);
      }
      default -> throw corrupt("image/webp", "unknown chunk '" + chunk.strip() + "'");
    };
  }

  private static ImageInfo checked(String type, int width, int height, boolean animated) {
    if (width <= 0 || height <= 0) {
      throw corrupt(type, "the header gives a size of " + width + "×" + height);
    }
    return new ImageInfo(width, height, animated);
  }

  private static ImageException corrupt(String type, String why) {
    return new ImageException("unreadable " + type + " image: " + why);
  }

  private static int be16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static int be32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24
        | (b[i + 1] & 0xFF) << 16
        | (b[i + 2] & 0xFF) << 8
        | (b[i + 3] & 0xFF);
  }

  private static int le16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static int le24(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
  }
}
