package dev.majordomo.media;

/** Counts the frames of a GIF by walking its blocks (no pixel decoding). */
final class GifFrames {
  private GifFrames() {}

  /** The number of image descriptors, up to 2 (enough to tell a still image from an animation). */
  static int count(byte[] b) {
    int i = 13;
    int flags = b[10] & 0xFF;
    if ((flags & 0x80) != 0) {
      i += 3 * (1 << ((flags & 0x07) + 1));
    }
    int frames = 0;
    while (i < b.length && frames < 2) {
      int block = b[i] & 0xFF;
      if (block == 0x3B) {
        break;
      } else if (block == 0x21) {
        i = skipSubBlocks(b, i + 2);
      } else if (block == 0x2C) {
        frames++;
        int local = b[i + 9] & 0xFF;
        i += 10;
        if ((local & 0x80) != 0) {
          i += 3 * (1 << ((local & 0x07) + 1));
        }
        i = skipSubBlocks(b, i + 1);
      } else {
        throw new ImageException(
            "unreadable image/gif image: unknown block 0x"
                + Integer.toHexString(block)
                + " at byte "
                + i);
      }
    }
    return frames;
  }

  private static int skipSubBlocks(byte[] b, int i) {
    while (i < b.length) {
      int size = b[i] & 0xFF;
      i += 1 + size;
      if (size == 0) {
        break;
      }
    }
    return i;
  }
}
