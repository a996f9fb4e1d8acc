package io.progressrelay.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;

/**
 * Joins a text message from its frames: a message in one frame (as every server here sends them) is
 * handed on as that frame's payload, uncopied; fragments are copied until the last one. Not
 * thread-safe; Jetty delivers a socket's frames one at a time.
 */
final class FrameJoiner {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private byte[] joined;
  private int length;

  /** The whole message when {@code frame} was its last, or null while more are to come. */
  ByteBuffer accept(Frame frame) {
    ByteBuffer payload = frame.getPayload() == null ? EMPTY : frame.getPayload();
    if (joined == null && frame.isFin()) {
      return payload;
    }
    int size = payload.remaining();
    if (joined == null) {
      joined = new byte[Math.max(size, 256)];
    } else if (joined.length < length + size) {
      joined = Arrays.copyOf(joined, Math.max(length + size, 2 * length));
    }
    payload.duplicate().get(joined, length, size);
    length += size;
    if (!frame.isFin()) {
      return null;
    }
    ByteBuffer whole = ByteBuffer.wrap(joined, 0, length);
    joined = null;
    length = 0;
    return whole;
  }
}
