package io.progressrelay.application.port.out;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A text frame shared by every recipient of one event: its text, and its UTF-8 bytes encoded at
 * most once (by whichever recipient's write needs them first), so fan-out to N sockets does not
 * encode the same payload N times. Once encoded, the frame keeps only the bytes: a frame held for
 * long, such as an upload's latest event, costs one copy of its payload rather than two, and its
 * text is decoded again if ever asked for (tests and logs only). Thread-safe.
 */
public final class TextFrame {
  // Exactly one is set at first (the text); after the first encoding, the bytes, and the text is
  // dropped. The bytes are published before the text is dropped, so a reader that finds the text
  // gone finds the bytes.
  private volatile String text;
  private volatile byte[] utf8;

  public TextFrame(String text) {
    this.text = Objects.requireNonNull(text, "text");
  }

  private TextFrame(byte[] utf8) {
    this.utf8 = utf8;
  }

  /** A frame of text already encoded, such as a payload wrapped without decoding it again. */
  public static TextFrame ofUtf8(byte[] utf8) {
    return new TextFrame(Objects.requireNonNull(utf8, "utf8"));
  }

  public String text() {
    String current = text;
    return current != null ? current : new String(utf8, StandardCharsets.UTF_8);
  }

  /** The frame's UTF-8 bytes; shared, so callers must not modify them. */
  public byte[] utf8() {
    byte[] bytes = utf8;
    if (bytes == null) {
      String current = text;
      if (current == null) {
        return utf8; // another thread encoded it meanwhile
      }
      // Two threads may both encode; either result is the same and safely published.
      bytes = current.getBytes(StandardCharsets.UTF_8);
      utf8 = bytes;
      text = null;
    }
    return bytes;
  }

  @Override
  public String toString() {
    return text();
  }
}
