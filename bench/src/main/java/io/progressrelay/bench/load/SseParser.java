package io.progressrelay.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a Server-Sent Events body into messages and hands on each message's data: {@code data:}
 * lines (joined with a newline when there are several), ended by a blank line; {@code id:}, other
 * fields and {@code :} comments are skipped. A message whose one data line lies whole in the chunk
 * being read is handed on as a slice of that chunk, uncopied; only what spans chunks is copied. Not
 * thread-safe: one reader at a time.
 */
final class SseParser {
  private static final byte[] DATA = {'d', 'a', 't', 'a'};

  private final Consumer<ByteBuffer> onData;
  private byte[] line = new byte[0]; // the start of a line that continues in the next chunk
  private int lineLength;
  private byte[] data = new byte[0]; // the message's data, once it is no longer a slice
  private int dataLength;
  private ByteBuffer slice; // the message's data as a slice of the current chunk, or null
  private boolean hasData;
  private boolean skipLineFeed; // the last chunk ended with \r: a \n first in the next is its end

  /** A parser that hands each message's data, between position and limit, to {@code onData}. */
  SseParser(Consumer<ByteBuffer> onData) {
    this.onData = onData;
  }

  /** Reads {@code chunk} (between position and limit, left unchanged). */
  void accept(ByteBuffer chunk) {
    int start = chunk.position();
    int end = chunk.limit();
    int from = start;
    if (skipLineFeed && from < end && chunk.get(from) == '\n') {
      from++;
    }
    skipLineFeed = false;
    int lineStart = from;
    for (int i = from; i < end; i++) {
      byte b = chunk.get(i);
      if (b != '\n' && b != '\r') {
        continue;
      }
      if (lineLength > 0) {
        append(chunk, lineStart, i);
        line(ByteBuffer.wrap(line, 0, lineLength), true);
        lineLength = 0;
      } else {
        line(chunk.duplicate().limit(i).position(lineStart), false);
      }
      if (b == '\r') {
        if (i + 1 < end) {
          if (chunk.get(i + 1) == '\n') {
            i++;
          }
        } else {
          skipLineFeed = true;
        }
      }
      lineStart = i + 1;
    }
    if (lineStart < end) {
      append(chunk, lineStart, end);
    }
    if (slice != null) { // the chunk goes back to its pool: keep a copy of the data
      copySlice();
    }
  }

  private void append(ByteBuffer chunk, int from, int to) {
    int size = to - from;
    if (line.length < lineLength + size) {
      line = Arrays.copyOf(line, Math.max(lineLength + size, Math.max(256, 2 * line.length)));
    }
    chunk.duplicate().position(from).limit(to).get(line, lineLength, size);
    lineLength += size;
  }

  // copied: the line lives in this parser's buffer, reused for the next one
  private void line(ByteBuffer text, boolean copied) {
    int length = text.remaining();
    if (length == 0) {
      dispatch();
      return;
    }
    if (!startsWith(text, DATA) || (length > 4 && text.get(text.position() + 4) != ':')) {
      return; // id:, event:, retry:, a comment or another field
    }
    int at = text.position() + Math.min(length, 5);
    if (at < text.limit() && text.get(at) == ' ') {
      at++;
    }
    ByteBuffer value = text.duplicate().position(at);
    if (!hasData && !copied) {
      slice = value;
    } else {
      if (slice != null) {
        copySlice();
      }
      if (hasData) {
        appendData((byte) '\n');
      }
      appendData(value);
    }
    hasData = true;
  }

  private void dispatch() {
    if (!hasData) {
      return;
    }
    onData.accept(slice != null ? slice : ByteBuffer.wrap(data, 0, dataLength));
    slice = null;
    hasData = false;
    dataLength = 0;
  }

  private void copySlice() {
    ByteBuffer kept = slice;
    slice = null;
    dataLength = 0;
    appendData(kept);
  }

  private void appendData(ByteBuffer value) {
    int size = value.remaining();
    ensureData(size);
    value.duplicate().get(data, dataLength, size);
    dataLength += size;
  }

  private void appendData(byte b) {
    ensureData(1);
    data[dataLength++] = b;
  }

  private void ensureData(int more) {
    if (data.length < dataLength + more) {
      data = Arrays.copyOf(data, Math.max(dataLength + more, Math.max(512, 2 * data.length)));
    }
  }

  private static boolean startsWith(ByteBuffer text, byte[] prefix) {
    if (text.remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (text.get(text.position() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
