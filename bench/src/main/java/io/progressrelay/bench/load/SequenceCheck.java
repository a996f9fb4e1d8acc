package io.progressrelay.bench.load;

import java.util.Arrays;

/** Per-upload last sequence numbers seen by one client; one thread at a time. */
final class SequenceCheck {
  private long[] uploads = new long[0];
  private long[] last = new long[0];

  /** Records {@code sequence} for {@code upload}; false when it is not after the last one seen. */
  boolean inOrder(long upload, long sequence) {
    for (int i = 0; i < uploads.length; i++) {
      if (uploads[i] == upload) {
        boolean ordered = sequence > last[i];
        last[i] = Math.max(last[i], sequence);
        return ordered;
      }
    }
    uploads = Arrays.copyOf(uploads, uploads.length + 1);
    last = Arrays.copyOf(last, last.length + 1);
    uploads[uploads.length - 1] = upload;
    last[last.length - 1] = sequence;
    return true;
  }
}
