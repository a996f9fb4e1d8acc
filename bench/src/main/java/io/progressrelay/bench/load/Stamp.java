package io.progressrelay.bench.load;

/**
 * The benchmark's stamp at the end of every published payload: the upload's index, its per-upload
 * sequence number and the publish time ({@link System#nanoTime()}), read back without a JSON
 * parser.
 */
final class Stamp {
  static final String PREFIX = ",\"bench\":{\"u\":";

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

  private Stamp() {}
}
