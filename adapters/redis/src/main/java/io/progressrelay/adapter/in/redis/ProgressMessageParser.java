package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads, in one streaming pass over the whole document, the three fields the relay needs from an
 * upload worker's event: the top-level {@code action} and the {@code payload}'s {@code batch_id}
 * and {@code upload_id}. Everything else is skipped, but must still be valid JSON. Thread-safe.
 */
final class ProgressMessageParser {
  /** The fields of one event; {@code batchId} and {@code fileUploadId} may be null. */
  record EventFields(String action, String batchId, String fileUploadId) {}

  private final JsonFactory json;

  ProgressMessageParser(JsonFactory json) {
    this.json = json;
  }

  EventFields parse(byte[] message) throws MalformedMessageException {
    try (JsonParser parser = json.createParser(message)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedMessageException("not a JSON object");
      }
      String action = null;
      EventFields ids = new EventFields(null, null, null);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("action".equals(field)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new MalformedMessageException("'action' is not a string");
          }
          action = parser.getText();
        } else if ("payload".equals(field) && value == JsonToken.START_OBJECT) {
          ids = readPayloadIds(parser);
        } else {
          parser.skipChildren();
        }
      }
      if (action == null) {
        throw new MalformedMessageException("no 'action'");
      }
      if (parser.nextToken() != null) {
        throw new MalformedMessageException("content after the JSON document");
      }
      return new EventFields(action, ids.batchId(), ids.fileUploadId());
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Cannot happen when reading from a byte array, but the signature says it may.
      throw new MalformedMessageException("unreadable: " + e.getMessage());
    }
  }

  /**
   * Reads {@code batch_id} and {@code upload_id} from the payload object the parser has just
   * entered, leaving the parser on its end. A number is taken as its text (it still tells files
   * apart); null, an object or an array counts as absent.
   */
  private static EventFields readPayloadIds(JsonParser parser) throws IOException {
    String batchId = null;
    String fileUploadId = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("batch_id".equals(field)) {
        batchId = scalarText(parser, value);
      } else if ("upload_id".equals(field)) {
        fileUploadId = scalarText(parser, value);
      } else {
        parser.skipChildren();
      }
    }
    return new EventFields(null, batchId, fileUploadId);
  }

  private static String scalarText(JsonParser parser, JsonToken value) throws IOException {
    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }
}
