package io.progressrelay.adapter.in.web.socket;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins one socket's messages from their data frames, holding every message, text or binary, to the
 * same size limit however it is fragmented (1009 above it). A text message is decoded as strict
 * UTF-8 (1007 when it is not): one sent in a single frame (as browsers do) straight from that
 * frame, a fragmented one once its last fragment arrived. A binary message is only measured, since
 * the relay has no use for its bytes. Not thread-safe; Jetty delivers a socket's frames one at a
 * time, and has already checked their order (no continuation without a first frame).
 */
final class InboundMessages {
  /** A complete message: binary ({@code text} null) or text. */
  record Message(byte opCode, String text) {
    static final Message BINARY = new Message(OpCode.BINARY, null);

    boolean isText() {
      return opCode == OpCode.TEXT;
    }
  }

  private final long maxBytes;
  // The opcode of the message whose continuation frames are still to come, if any.
  private byte openOpCode = OpCode.UNDEFINED;
  private long openBytes;
  private byte[] textFragments;

  InboundMessages(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Takes a TEXT, BINARY or CONTINUATION frame; returns the message when the frame was its last
   * one, or null while more fragments are to come.
   *
   * @throws MessageTooLargeException when the message grows beyond the limit
   * @throws BadPayloadException when a text message is not valid UTF-8
   */
  Message accept(Frame frame) {
    byte opCode = frame.getOpCode() == OpCode.CONTINUATION ? openOpCode : frame.getOpCode();
    ByteBuffer payload = frame.getPayload();
    int size = payload == null ? 0 : payload.remaining();
    if (openOpCode == OpCode.UNDEFINED && frame.isFin()) {
      // Jetty hands a frame above its frame size limit, the same as ours, over in pieces, so a
      // message whose first frame is also its last is within the limit.
      return opCode == OpCode.TEXT ? text(payload) : Message.BINARY;
    }
    if (openBytes + size > maxBytes) {
      reset();
      throw new MessageTooLargeException(
          (opCode == OpCode.TEXT ? "text" : "binary")
              + " message larger than "
              + maxBytes
              + " bytes");
    }
    if (opCode == OpCode.TEXT && size > 0) {
      appendText(payload, size);
    }
    openBytes += size;
    openOpCode = opCode;
    if (!frame.isFin()) {
      return null;
    }
    byte[] whole = textFragments;
    int length = (int) openBytes;
    reset();
    if (opCode != OpCode.TEXT) {
      return Message.BINARY;
    }
    return text(whole == null ? null : ByteBuffer.wrap(whole, 0, length));
  }

  private void appendText(ByteBuffer payload, int size) {
    int length = (int) openBytes;
    if (textFragments == null) {
      textFragments = new byte[Math.max(size, 256)];
    } else if (textFragments.length < length + size) {
      textFragments =
          Arrays.copyOf(
              textFragments, (int) Math.min(maxBytes, Math.max(length + size, 2L * length)));
    }
    payload.duplicate().get(textFragments, length, size);
  }

  private void reset() {
    openOpCode = OpCode.UNDEFINED;
    openBytes = 0;
    textFragments = null;
  }

  private static Message text(ByteBuffer bytes) {
    if (bytes == null) {
      return new Message(OpCode.TEXT, "");
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes.duplicate())
              .toString();
      return new Message(OpCode.TEXT, text);
    } catch (CharacterCodingException e) {
      throw new BadPayloadException("text message is not valid UTF-8");
    }
  }
}
