package io.progressrelay.adapter.in.redis;

/**
 * The numbers of one control message: {@code seq}, its place among its origin's messages (1, 2, 3,
 * …), and {@code after}, the place of the last message before it that the origin handed to Redis (0
 * for none). A message that follows a lost one has {@code seq > after + 1}.
 */
public record SequenceStamp(long seq, long after) {
  public SequenceStamp {
    if (seq < 1 || after < 0 || after >= seq) {
      throw new IllegalArgumentException(
          "'seq' must be at least 1 and 'after' between 0 and seq - 1, not " + seq + ", " + after);
    }
  }

  /** Whether one or more messages of the origin were lost just before this one. */
  public boolean followsALoss() {
    return seq != after + 1;
  }
}
