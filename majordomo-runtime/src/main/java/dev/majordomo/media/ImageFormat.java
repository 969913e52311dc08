package dev.majordomo.media;

import java.util.HexFormat;
import java.util.Optional;

/** Recognises image formats from their magic bytes. */
final class ImageFormat {
  private ImageFormat() {}

  static Optional<String> sniff(byte[] b) {
    if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of("image/png");
    }
    if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(b, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(b, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of("image/gif");
    }
    if (b.length >= 12
        && startsWith(b, 'R', 'I', 'F', 'F')
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  static String hexPrefix(byte[] b) {
    int n = Math.min(b.length, 8);
    return n == 0 ? "none" : HexFormat.ofDelimiter(" ").formatHex(b, 0, n);
  }

  private static boolean startsWith(byte[] b, int... magic) {
    if (b.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((b[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
