package io.progressrelay.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's stamp at the end of every published payload: the upload's index, its per-upload
 * sequence number and the publish time ({@link System#nanoTime()}), read back without a JSON
 * parser.
 */
final class Stamp {
  static final String PREFIX = ",\"bench\":{\"u\":";
  private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

  /** Appends the stamp and closes the payload's object. */
  static void append(StringBuilder payload, int upload, long sequence, long sentNanos) {
    payload
        .append(PREFIX)
        .append(upload)
        .append(",\"s\":")
        .append(sequence)
        .append(",\"t\":")
        .append(sentNanos)
        .append("}}");
  }

  /** Reads {@code [upload, sequence, sentNanos]} from a frame, or null for a frame without one. */
  static long[] read(String frame) {
    int u = frame.lastIndexOf(PREFIX);
    if (u < 0) {
      return null;
    }
    int start = u + PREFIX.length();
    int comma = frame.indexOf(',', start);
    long upload = Long.parseLong(frame, start, comma, 10);
    int s = comma + 5; // ,"s":
    int comma2 = frame.indexOf(',', s);
    long sequence = Long.parseLong(frame, s, comma2, 10);
    int t = comma2 + 5; // ,"t":
    long sent = Long.parseLong(frame, t, frame.indexOf('}', t), 10);
    return new long[] {upload, sequence, sent};
  }

  /**
   * Reads {@code [upload, sequence, sentNanos]} from a frame's UTF-8 bytes (between position and
   * limit, left unchanged), or null for a frame without one.
   */
  static long[] read(ByteBuffer frame) {
    int u = lastIndexOfPrefix(frame);
    if (u < 0) {
      return null;
    }
    long[] stamp = new long[3];
    int at = u + PREFIX_BYTES.length;
    for (int field = 0; field < 3; field++) {
      long value = 0;
      int digits = 0;
      for (; at < frame.limit(); at++, digits++) {
        byte b = frame.get(at);
        if (b < '0' || b > '9') {
          break;
        }
        value = value * 10 + (b - '0');
      }
      if (digits == 0) {
        throw new NumberFormatException("malformed benchmark stamp");
      }
      stamp[field] = value;
      at += 5; // ,"s": then ,"t":
    }
    return stamp;
  }

  private static int lastIndexOfPrefix(ByteBuffer frame) {
    for (int i = frame.limit() - PREFIX_BYTES.length; i >= frame.position(); i--) {
      int j = 0;
      while (j < PREFIX_BYTES.length && frame.get(i + j) == PREFIX_BYTES[j]) {
        j++;
      }
      if (j == PREFIX_BYTES.length) {
        return i;
      }
    }
    return -1;
  }

  private Stamp() {}
}
