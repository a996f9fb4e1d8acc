package io.progressrelay.adapter.in.web.socket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins one socket's text message from its frames and decodes it as strict UTF-8: a message sent in
 * one frame (as browsers do) is decoded straight from that frame; fragments are copied until the
 * last one. A message above the size limit fails with 1009, invalid UTF-8 with 1007. Not
 * thread-safe; Jetty delivers a socket's frames one at a time.
 */
final class TextMessages {
  private final long maxBytes;
  private byte[] fragments;
  private int length;

  TextMessages(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Takes a TEXT or CONTINUATION frame; returns the whole message when the frame was its last one,
   * or null while more fragments are to come.
   */
  String accept(Frame frame) {
    ByteBuffer payload = frame.getPayload();
    int size = payload == null ? 0 : payload.remaining();
    if (fragments == null && frame.isFin()) {
      return decode(payload == null ? ByteBuffer.allocate(0) : payload);
    }
    if ((long) length + size > maxBytes) {
      reset();
      throw new MessageTooLargeException("text message larger than " + maxBytes + " bytes");
    }
    if (fragments == null) {
      fragments = new byte[Math.max(size, 256)];
    } else if (fragments.length < length + size) {
      fragments =
          Arrays.copyOf(fragments, (int) Math.min(maxBytes, Math.max(length + size, 2L * length)));
    }
    if (size > 0) {
      payload.duplicate().get(fragments, length, size);
      length += size;
    }
    if (!frame.isFin()) {
      return null;
    }
    ByteBuffer whole = ByteBuffer.wrap(fragments, 0, length);
    reset();
    return decode(whole);
  }

  private void reset() {
    fragments = null;
    length = 0;
  }

  private static String decode(ByteBuffer bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.duplicate())
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadPayloadException("text message is not valid UTF-8");
    }
  }
}
