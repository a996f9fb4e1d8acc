package io.progressrelay.adapter.in.redis;

import io.progressrelay.domain.Position;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/**
 * Reads what an upload worker's {@code XADD} wrote: the entry id as a {@link Position}, the {@code
 * channel} field (a channel name such as {@code upload:42}) and the {@code data} field (the event's
 * JSON, kept as bytes for the parser that pub/sub messages go through). Other fields are ignored.
 * Thread-safe.
 */
final class StreamEntryParser {
  private static final byte[] CHANNEL = "channel".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

  /** The two fields the relay needs of one entry. */
  record EntryFields(String channel, byte[] data) {}

  static Position positionOf(StreamEntryID id) {
    return Position.streamEntry(id.getTime(), id.getSequence());
  }

  EntryFields parse(Map<byte[], byte[]> fields) throws MalformedMessageException {
    byte[] channel = null;
    byte[] data = null;
    for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
      if (channel == null && Arrays.equals(field.getKey(), CHANNEL)) {
        channel = field.getValue();
      } else if (data == null && Arrays.equals(field.getKey(), DATA)) {
        data = field.getValue();
      }
    }
    if (channel == null || data == null) {
      throw new MalformedMessageException("the entry lacks a 'channel' or a 'data' field");
    }
    return new EntryFields(channelName(channel), data);
  }

  private static String channelName(byte[] channel) throws MalformedMessageException {
    if (isAscii(channel)) {
      return new String(channel, StandardCharsets.ISO_8859_1); // the usual case, no decoder needed
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(channel))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("the 'channel' field is not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] text) {
    for (byte b : text) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
