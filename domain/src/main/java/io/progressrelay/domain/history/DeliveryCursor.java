package io.progressrelay.domain.history;

import java.time.Instant;

/**
 * A position in delivery history, newest first: the last row of a page. Rows are ordered by
 * (receivedAt, eventId, recipient) descending, where recipient is the user id or empty for an event
 * without subscribers, so pages stay stable while newer rows arrive.
 */
public record DeliveryCursor(Instant receivedAt, String eventId, String recipient) {}
