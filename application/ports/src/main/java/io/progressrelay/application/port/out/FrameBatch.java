package io.progressrelay.application.port.out;

import java.util.List;

/**
 * The frames one socket has waiting, handed to its {@link ClientSocket} as one batch, in the order
 * they must arrive. A batch is only valid during the {@link ClientSocket#write} call that receives
 * it: the engine reuses it for the next socket as soon as that call returns.
 */
public interface FrameBatch {
  /** How many frames the batch holds; at least one. */
  int size();

  /** The frame at {@code index}, 0 being the first to send. */
  TextFrame get(int index);

  /** A batch over a fixed list of frames, for callers that write outside the fan-out engine. */
  static FrameBatch of(List<TextFrame> frames) {
    List<TextFrame> copy = List.copyOf(frames);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a frame batch holds at least one frame");
    }
    return new FrameBatch() {
      @Override
      public int size() {
        return copy.size();
      }

      @Override
      public TextFrame get(int index) {
        return copy.get(index);
      }
    };
  }
}
