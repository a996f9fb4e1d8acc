package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a channel name and an upload worker's JSON message into a {@link ProgressEvent}, or says
 * why it cannot be relayed: the same rules whether the message came over pub/sub or from a stream
 * entry. Used by one thread (it keeps a UTF-8 decoder).
 */
final class ProgressEventDecoder {
  private static final int LOGGED_PAYLOAD_CHARS = 100;

  private final String uploadPrefix;
  private final String userPrefix;
  private final ProgressMessageParser parser;
  // Strict, unlike new String(bytes, UTF_8): a payload that is not valid UTF-8 could not be
  // forwarded byte for byte, so it is malformed rather than silently repaired.
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  ProgressEventDecoder(RedisListenerSettings settings, JsonFactory json) {
    this.uploadPrefix = settings.uploadPrefix();
    this.userPrefix = settings.userPrefix();
    this.parser = new ProgressMessageParser(json);
  }

  ProgressEvent decode(String channelName, byte[] message, Instant receivedAt, long receivedNanos)
      throws MalformedMessageException {
    Optional<EventChannel> channel = EventChannel.parse(uploadPrefix, userPrefix, channelName);
    if (channel.isEmpty()) {
      throw new MalformedMessageException("the channel does not name a valid upload or user id");
    }
    var fields = parser.parse(message);
    String payload = decodeUtf8(message);
    return ProgressEvent.of(
        channel.get(),
        fields.action(),
        fields.batchId(),
        fields.fileUploadId(),
        payload,
        receivedAt,
        receivedNanos);
  }

  private String decodeUtf8(byte[] message) throws MalformedMessageException {
    if (isAscii(message)) {
      return new String(message, StandardCharsets.ISO_8859_1); // compact, no decoder needed
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(message)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] message) {
    for (byte b : message) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** At most the first 100 characters of a message, for a DEBUG line about dropping it. */
  static String excerpt(byte[] message) {
    String text = new String(message, 0, Math.min(message.length, 400), StandardCharsets.UTF_8);
    return text.length() <= LOGGED_PAYLOAD_CHARS
        ? text
        : text.substring(0, LOGGED_PAYLOAD_CHARS) + "...";
  }
}
