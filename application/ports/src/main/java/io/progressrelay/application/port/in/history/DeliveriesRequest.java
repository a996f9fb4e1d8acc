package io.progressrelay.application.port.in.history;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryCursor;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of delivery history, newest first: every filter is optional, {@code since} inclusive,
 * {@code until} exclusive; at most {@code limit} rows after {@code after}.
 */
public record DeliveriesRequest(
    Optional<UploadId> uploadId,
    Optional<UserId> userId,
    Optional<String> action,
    Optional<DeliveryOutcome> outcome,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    Optional<DeliveryCursor> after) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  public static final int MAX_ACTION_LENGTH = 128;

  public DeliveriesRequest {
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(after, "after");
    if (action.isPresent()
        && (action.get().isEmpty() || action.get().length() > MAX_ACTION_LENGTH)) {
      throw new InvalidValueException(
          "action", "'action' must be 1.." + MAX_ACTION_LENGTH + " characters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidValueException("limit", "'limit' must be between 1 and " + MAX_LIMIT);
    }
    if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
      throw new InvalidValueException("until", "'until' must be later than 'since'");
    }
  }

  /** No filter, the default page size: the newest deliveries. */
  public static DeliveriesRequest newest() {
    return new DeliveriesRequest(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_LIMIT,
        Optional.empty());
  }

  /** The same search resuming after the position an earlier page returned as its next cursor. */
  public DeliveriesRequest after(String cursor) {
    return new DeliveriesRequest(
        uploadId,
        userId,
        action,
        outcome,
        since,
        until,
        limit,
        Optional.of(DeliveryCursorCodec.decode(cursor)));
  }
}
