package io.progressrelay.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a user's subscriptions, newest first: pages resume after it even while new
 * subscriptions arrive. Clients see it only as an opaque string.
 */
public record SubscriptionCursor(Instant subscribedAt, UploadId uploadId) {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  public String encode() {
    String plain = subscribedAt.getEpochSecond() + "." + subscribedAt.getNano() + "|" + uploadId;
    return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor produced by {@link #encode()}; anything else is rejected naming 'cursor'. */
  public static SubscriptionCursor decode(String cursor) {
    try {
      String plain = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
      int bar = plain.indexOf('|');
      int dot = plain.indexOf('.');
      long seconds = Long.parseLong(plain.substring(0, dot));
      int nanos = Integer.parseInt(plain.substring(dot + 1, bar));
      return new SubscriptionCursor(
          Instant.ofEpochSecond(seconds, nanos), new UploadId(plain.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw new InvalidValueException("cursor", "'cursor' is not a cursor this API returned");
    }
  }
}
