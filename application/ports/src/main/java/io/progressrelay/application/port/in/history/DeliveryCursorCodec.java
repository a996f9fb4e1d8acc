package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.Identifiers;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.history.DeliveryCursor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Turns a position in delivery history into the opaque string clients pass back as {@code cursor}:
 * base64url of {@code receivedAtEpochNanos|eventId|recipient}. Stateless and thread-safe.
 */
public final class DeliveryCursorCodec {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final String FIELD = "cursor";

  private DeliveryCursorCodec() {}

  public static String encode(DeliveryCursor cursor) {
    BigInteger nanos =
        BigInteger.valueOf(cursor.receivedAt().getEpochSecond())
            .multiply(NANOS_PER_SECOND)
            .add(BigInteger.valueOf(cursor.receivedAt().getNano()));
    String plain = nanos + "|" + cursor.eventId() + "|" + cursor.recipient();
    return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a cursor made by {@link #encode}; anything else is rejected naming 'cursor'. */
  public static DeliveryCursor decode(String cursor) {
    try {
      String plain = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
      // The event id sits between the first and the last bar; a user id never holds one.
      int first = plain.indexOf('|');
      int last = plain.lastIndexOf('|');
      BigInteger[] secondsAndNanos =
          new BigInteger(plain.substring(0, first)).divideAndRemainder(NANOS_PER_SECOND);
      Instant receivedAt =
          Instant.ofEpochSecond(
              secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
      String eventId = plain.substring(first + 1, last);
      String recipient = plain.substring(last + 1);
      if (last <= first || eventId.isEmpty() || plain.charAt(0) == '-') {
        throw new IllegalArgumentException("malformed");
      }
      if (!recipient.isEmpty()) {
        Identifiers.requireValid(FIELD, recipient);
      }
      return new DeliveryCursor(receivedAt, eventId, recipient);
    } catch (RuntimeException e) {
      throw new InvalidValueException(FIELD, "'cursor' is not a cursor this API returned");
    }
  }
}
