package dev.majordomo.internal.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Checks on UTF-8 bytes. */
final class Utf8 {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long ONES = 0x0101010101010101L;

  private Utf8() {}

  /**
   * Whether {@code bytes} are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
   * nothing above U+10FFFF) without a NUL byte and without a byte order mark at the start. Such
   * bytes decode to the same characters in every UTF-8 decoder, and Jackson's encoding detection,
   * which looks for NUL bytes and byte order marks, reads them as UTF-8.
   */
  static boolean isPlainJsonText(byte[] bytes) {
    int n = bytes.length;
    if (n >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      return false;
    }
    int i = 0;
    while (i < n) {
      if (i + Long.BYTES <= n) {
        // Eight bytes at a time while they are ASCII; a chunk of JSON mostly is.
        long word = (long) LONGS.get(bytes, i);
        if ((word & HIGH_BITS) == 0) {
          if (((word - ONES) & ~word & HIGH_BITS) != 0) {
            // One of the eight bytes is NUL.
            return false;
          }
          i += Long.BYTES;
          continue;
        }
      }
      int b = bytes[i];
      if (b > 0) {
        i++;
        continue;
      }
      if (b == 0) {
        return false;
      }
      int lead = b & 0xFF;
      if (lead < 0xC2) {
        // A continuation byte without a lead, or an overlong two-byte form.
        return false;
      }
      if (lead < 0xE0) {
        if (i + 1 >= n || !isContinuation(bytes[i + 1])) {
          return false;
        }
        i += 2;
      } else if (lead < 0xF0) {
        if (i + 2 >= n || !isContinuation(bytes[i + 2])) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        int low = lead == 0xE0 ? 0xA0 : 0x80;
        int high = lead == 0xED ? 0x9F : 0xBF;
        if (second < low || second > high) {
          return false;
        }
        i += 3;
      } else if (lead < 0xF5) {
        if (i + 3 >= n || !isContinuation(bytes[i + 2]) || !isContinuation(bytes[i + 3])) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        int low = lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
          return false;
        }
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
