package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.OutgoingEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code {"events":[{"channel":"upload:<id>","data":{...}}, ...]}}, keeping each {@code data}
 * object as the very bytes of the request body, so it is published byte for byte as sent.
 * Thread-safe.
 */
final class PublishBatchParser {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final int maxEvents;

  PublishBatchParser(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  List<OutgoingEvent> parse(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw RequestRejectedException.invalidJson(null, "the request body must be a JSON object");
      }
      List<OutgoingEvent> events = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("events".equals(field)) {
          if (value != JsonToken.START_ARRAY) {
            throw RequestRejectedException.invalidJson("events", "'events' must be an array");
          }
          events = readEvents(parser, body);
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw RequestRejectedException.invalidJson(null, "content after the JSON document");
      }
      if (events == null) {
        throw RequestRejectedException.invalidJson("events", "'events' is required");
      }
      return events;
    } catch (JsonProcessingException e) {
      throw RequestRejectedException.invalidJson(
          null, "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw RequestRejectedException.invalidJson(
          null, "the request body is not valid JSON: " + e.getMessage());
    }
  }

  private List<OutgoingEvent> readEvents(JsonParser parser, byte[] body) throws IOException {
    List<OutgoingEvent> events = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (events.size() == maxEvents) {
        throw RequestRejectedException.tooManyEvents(maxEvents);
      }
      String at = "events[" + events.size() + "]";
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw RequestRejectedException.invalidJson(at, "'" + at + "' must be a JSON object");
      }
      events.add(readEvent(parser, body, at));
    }
    return events;
  }

  private static OutgoingEvent readEvent(JsonParser parser, byte[] body, String at)
      throws IOException {
    String channel = null;
    byte[] data = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("channel".equals(field)) {
        if (value != JsonToken.VALUE_STRING) {
          throw RequestRejectedException.invalidJson(
              at + ".channel", "'" + at + ".channel' must be a string");
        }
        channel = parser.getText();
      } else if ("data".equals(field)) {
        data = rawObject(parser, body, at + ".data");
      } else {
        parser.skipChildren();
      }
    }
    if (channel == null) {
      throw RequestRejectedException.invalidJson(at + ".channel", "'channel' is required");
    }
    if (data == null) {
      throw RequestRejectedException.invalidJson(at + ".data", "'data' is required");
    }
    return new OutgoingEvent(channel(channel, at + ".channel"), data);
  }

  // The object's bytes from its '{' to its '}', exactly as the client sent them.
  private static byte[] rawObject(JsonParser parser, byte[] body, String field) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw RequestRejectedException.invalidJson(
          field, "'" + field + "' must be a JSON object: the event as a worker publishes it");
    }
    long start = parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    long end = parser.currentTokenLocation().getByteOffset();
    if (start < 0 || end < start) {
      throw RequestRejectedException.invalidJson(null, "the request body must be UTF-8");
    }
    return Arrays.copyOfRange(body, (int) start, (int) end + 1);
  }

  private static EventChannel channel(String name, String field) {
    return EventChannel.parse(
            PublishRoutes.UPLOAD_CHANNEL_PREFIX, PublishRoutes.USER_CHANNEL_PREFIX, name)
        .orElseThrow(
            () ->
                new InvalidValueException(
                    field,
                    "'"
                        + field
                        + "' must be upload:<id> or user:<id>, the id 1..128 chars of"
                        + " [A-Za-z0-9_.:-]"));
  }
}
