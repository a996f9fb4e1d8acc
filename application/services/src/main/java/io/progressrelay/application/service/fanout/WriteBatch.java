package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.FrameBatch;
import io.progressrelay.application.port.out.TextFrame;

/**
 * The frames one connection's turn hands to its socket together: up to {@value #MAX_FRAMES} frames
 * and {@value #MAX_BYTES} bytes, though always at least one frame. Owned by one delivery thread and
 * refilled for every turn, so a write allocates no list. Not thread-safe.
 */
final class WriteBatch implements FrameBatch {
  /** Frames in one write at most: enough to empty a queue a reader fell behind on in few writes. */
  static final int MAX_FRAMES = 64;

  /** Bytes in one write at most, unless its first frame alone is larger. */
  static final long MAX_BYTES = 256 * 1024;

  private final TextFrame[] frames = new TextFrame[MAX_FRAMES];
  private int size;
  private long bytes;

  /** Takes {@code frame} if the batch has room for it; false when full. */
  boolean add(TextFrame frame, int frameBytes) {
    if (size == MAX_FRAMES || (size > 0 && bytes + frameBytes > MAX_BYTES)) {
      return false;
    }
    frames[size++] = frame;
    bytes += frameBytes;
    return true;
  }

  /** Empties the batch for the next turn, dropping its references to the frames. */
  void clear() {
    for (int i = 0; i < size; i++) {
      frames[i] = null;
    }
    size = 0;
    bytes = 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public TextFrame get(int index) {
    if (index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return frames[index];
  }
}
