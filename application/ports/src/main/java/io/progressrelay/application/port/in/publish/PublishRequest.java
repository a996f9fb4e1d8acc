package io.progressrelay.application.port.in.publish;

import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.OutgoingEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Events to publish, in order, and the idempotency key the client chose (1 to 128 characters of
 * {@code [A-Za-z0-9_.:=+/-]}, so a UUID or base64 text fits).
 */
public record PublishRequest(List<OutgoingEvent> events, Optional<String> idempotencyKey) {
  /** How the key is named in errors: the HTTP header that carries it. */
  public static final String KEY_FIELD = "Idempotency-Key";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:=+/-]{1,128}");

  public PublishRequest {
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new InvalidValueException("events", "'events' must hold at least one event");
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (idempotencyKey.isPresent() && !KEY.matcher(idempotencyKey.get()).matches()) {
      throw new InvalidValueException(
          KEY_FIELD, "'" + KEY_FIELD + "' must be 1..128 chars of [A-Za-z0-9_.:=+/-]");
    }
  }
}
