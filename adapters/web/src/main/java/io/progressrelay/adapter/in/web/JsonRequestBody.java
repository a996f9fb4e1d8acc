package io.progressrelay.adapter.in.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a request's JSON body safely: the media type must be JSON, and no more than the allowed
 * number of bytes is ever read, whether or not the client declared a {@code Content-Length}.
 */
final class JsonRequestBody {
  private static final String JSON = "application/json";

  private final ObjectMapper mapper;
  private final long maxBytes;

  JsonRequestBody(ObjectMapper mapper, long maxBytes) {
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  JsonNode read(Context ctx) {
    byte[] body = bytes(ctx);
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw RequestRejectedException.invalidJson(
          null, "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Bytes in memory cannot fail to read: it is the content, e.g. a body that Jackson's
      // encoding detection takes for UTF-32 and that holds no valid UTF-32 character.
      throw RequestRejectedException.invalidJson(
          null, "the request body is not valid JSON: " + e.getMessage());
    }
  }

  /**
   * The body as sent, after the checks of media type, size and emptiness that {@link #read} makes.
   */
  byte[] bytes(Context ctx) {
    if (!isJson(ctx.header("Content-Type"))) {
      throw RequestRejectedException.unsupportedMediaType();
    }
    if (ctx.req().getContentLengthLong() > maxBytes) {
      throw RequestRejectedException.payloadTooLarge(maxBytes);
    }
    byte[] body = readAtMost(ctx);
    if (body.length == 0) {
      throw RequestRejectedException.invalidJson(null, "the request body is empty");
    }
    return body;
  }

  /** True for {@code application/json}, with no charset or UTF-8 (the only one JSON allows). */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(JSON)) {
      return false;
    }
    return Arrays.stream(parts)
        .skip(1)
        .map(p -> p.strip().toLowerCase(Locale.ROOT).replace("\"", ""))
        .filter(p -> p.startsWith("charset="))
        .allMatch(p -> p.equals("charset=utf-8"));
  }

  // A chunked body has no declared length, so the limit is also enforced while reading.
  private byte[] readAtMost(Context ctx) {
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
      if (bytes.length > maxBytes) {
        throw RequestRejectedException.payloadTooLarge(maxBytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the request body failed", e);
    }
  }
}
