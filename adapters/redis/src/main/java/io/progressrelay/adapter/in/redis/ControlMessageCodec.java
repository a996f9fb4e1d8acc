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
 * {"origin":"<nodeId>","type":"SUBSCRIBED","uploadId":"..","userId":".."}} ({@code userId} absent
 * for {@code UPLOAD_DELETED} and {@code UPLOAD_REGISTERED}); unknown fields are ignored so newer
 * instances may add some, and an unknown type is malformed, so older instances skip it.
 * Thread-safe.
 */
public final class ControlMessageCodec {
  /** A change and the instance that announced it. */
  record ControlMessage(String origin, AudienceChange change) {}

  private final JsonFactory json;

  public ControlMessageCodec(JsonFactory json) {
    this.json = json;
  }

  public byte[] encode(RedisNodeId origin, AudienceChange change) {
    var out = new ByteArrayOutputStream(160);
    try (JsonGenerator generator = json.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("origin", origin.value());
      generator.writeStringField("type", change.type().name());
      generator.writeStringField("uploadId", change.uploadId().value());
      if (change.userId().isPresent()) {
        generator.writeStringField("userId", change.userId().get().value());
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
    try (JsonParser parser = json.createParser(message)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedMessageException("not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        String text = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        parser.skipChildren();
        switch (field) {
          case "origin" -> origin = text;
          case "type" -> type = text;
          case "uploadId" -> uploadId = text;
          case "userId" -> userId = text;
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
    return toMessage(origin, type, uploadId, userId);
  }

  private static ControlMessage toMessage(
      String origin, String type, String uploadId, String userId) throws MalformedMessageException {
    if (origin == null || origin.isEmpty() || type == null || uploadId == null) {
      throw new MalformedMessageException("needs string fields 'origin', 'type' and 'uploadId'");
    }
    try {
      var change =
          new AudienceChange(
              AudienceChange.Type.valueOf(type),
              new UploadId(uploadId),
              Optional.ofNullable(userId).map(UserId::new));
      return new ControlMessage(origin, change);
    } catch (IllegalArgumentException e) { // unknown type, invalid id, user id where none belongs
      throw new MalformedMessageException("not an audience change: " + e.getMessage());
    }
  }
}
