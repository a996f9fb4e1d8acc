package io.progressrelay.application.port.out;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text frame shared by every recipient of one event: its text, and its UTF-8 bytes encoded at
 * most once (by whichever recipient's write needs them first), so fan-out to N sockets does not
 * encode the same payload N times. Thread-safe.
 */
public final class TextFrame {
  private final String text;
  private volatile byte[] utf8;

  public TextFrame(String text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  public String text() {
    return text;
  }

  /** The frame's UTF-8 bytes; shared, so callers must not modify them. */
  public byte[] utf8() {
    byte[] bytes = utf8;
    if (bytes == null) {
      // Two threads may both encode; either result is the same and safely published.
      bytes = text.getBytes(StandardCharsets.UTF_8);
      utf8 = bytes;
    }
    return bytes;
  }

  @Override
  public String toString() {
    return text;
  }
}
