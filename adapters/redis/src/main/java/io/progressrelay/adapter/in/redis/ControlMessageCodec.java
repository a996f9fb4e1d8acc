package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Writes and reads the control channel's messages, {@code
 * {"origin":"<nodeId>","seq":7,"after":6,"type":"SUBSCRIBED","uploadId":"..","userId":".."}}
 * ({@code userId} absent for {@code UPLOAD_DELETED} and {@code UPLOAD_REGISTERED}). {@code seq}
 * numbers an origin's messages 1, 2, 3, … and {@code after} is the number of the last one before it
 * that reached Redis, so {@code seq != after + 1} says that one or more were lost; a message with
 * numbers and no {@code type} carries nothing but that news (a <em>notice</em>). Unknown fields are
 * ignored so newer instances may add some; an unknown type is malformed, so older instances skip
 * it; a message without numbers (from an instance older than them) is read without them.
 * Thread-safe.
 */
public final class ControlMessageCodec {
  /**
   * A message of instance {@code origin}: its numbers (absent from older instances) and the change
   * it announces (absent from a notice).
   */
  record ControlMessage(
      String origin, Optional<SequenceStamp> stamp, Optional<AudienceChange> change) {}

  private final JsonFactory json;

  public ControlMessageCodec(JsonFactory json) {
    this.json = json;
  }

  /** The message announcing {@code change}, numbered {@code stamp}. */
  public byte[] encode(RedisNodeId origin, SequenceStamp stamp, AudienceChange change) {
    return write(origin, stamp, Optional.of(change));
  }

  /** A notice numbered {@code stamp}: it announces no change, only its numbers. */
  public byte[] encodeNotice(RedisNodeId origin, SequenceStamp stamp) {
    return write(origin, stamp, Optional.empty());
  }

  private byte[] write(RedisNodeId origin, SequenceStamp stamp, Optional<AudienceChange> change) {
    var out = new ByteArrayOutputStream(160);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("origin", origin.value());
      generator.writeNumberField("seq", stamp.seq());
      generator.writeNumberField("after", stamp.after());
      if (change.isPresent()) {
        generator.writeStringField("type", change.get().type().name());
        generator.writeStringField("uploadId", change.get().uploadId().value());
        if (change.get().userId().isPresent()) {
          generator.writeStringField("userId", change.get().userId().get().value());
        }
      }
      generator.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to memory", e);
    }
    return out.toByteArray();
  }

  ControlMessage decode(byte[] message) throws MalformedMessageException {
    String origin = null;
    String type = null;
    String uploadId = null;
    String userId = null;
    Long seq = null;
    Long after = null;
    try (JsonParser parser = json.createParser(message)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedMessageException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        Long number = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : null;
        parser.skipChildren();
        switch (field) {
          case "origin" -> origin = text;
          case "type" -> type = text;
          case "uploadId" -> uploadId = text;
          case "userId" -> userId = text;
          case "seq" -> seq = number;
          case "after" -> after = number;
          default -> {}
        }
      }
      if (parser.nextToken() != null) {
        throw new MalformedMessageException("content after the JSON document");
      }
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedMessageException("unreadable: " + e.getMessage());
    }
    return toMessage(origin, stamp(seq, after), type, uploadId, userId);
  }

  private static Optional<SequenceStamp> stamp(Long seq, Long after)
      throws MalformedMessageException {
    if (seq == null && after == null) {
      return Optional.empty();
    }
    if (seq == null || after == null) {
      throw new MalformedMessageException("needs both integer fields 'seq' and 'after', or none");
    }
    try {
      return Optional.of(new SequenceStamp(seq, after));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  private static ControlMessage toMessage(
      String origin, Optional<SequenceStamp> stamp, String type, String uploadId, String userId)
      throws MalformedMessageException {
    if (origin == null || origin.isEmpty()) {
      throw new MalformedMessageException("needs a string field 'origin'");
    }
    if (type == null && stamp.isPresent()) {
      return new ControlMessage(origin, stamp, Optional.empty()); // a notice
    }
    if (type == null || uploadId == null) {
      throw new MalformedMessageException("needs string fields 'origin', 'type' and 'uploadId'");
    }
    try {
      var change =
          new AudienceChange(
              AudienceChange.Type.valueOf(type),
              new UploadId(uploadId),
              Optional.ofNullable(userId).map(UserId::new));
      return new ControlMessage(origin, stamp, Optional.of(change));
    } catch (IllegalArgumentException e) { // unknown type, invalid id, user id where none belongs
      throw new MalformedMessageException("not an audience change: " + e.getMessage());
    }
  }
}
