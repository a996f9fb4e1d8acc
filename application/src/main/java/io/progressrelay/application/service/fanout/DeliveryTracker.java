package io.progressrelay.application.service.fanout;

import io.progressrelay.application.port.out.history.DeliveryRecord;
import io.progressrelay.application.port.out.history.EventRecord;
import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows one event to one user's connections and records a single outcome once every connection
 * has written, coalesced or lost its frame: delivered if any socket got it, otherwise the most
 * telling reason it did not. Thread-safe.
 */
final class DeliveryTracker {
  private final EventRecord event;
  private final EventKind kind;
  private final UserId user;
  private final long receivedNanos;
  private final DeliveryHistoryRecorder recorder;
  private int pending;
  private int written;
  private long firstWrittenNanos;
  private DeliveryOutcome missed;

  DeliveryTracker(
      EventRecord event,
      EventKind kind,
      UserId user,
      long receivedNanos,
      int connections,
      DeliveryHistoryRecorder recorder) {
    this.event = event;
    this.kind = kind;
    this.user = user;
    this.receivedNanos = receivedNanos;
    this.pending = connections;
    this.recorder = recorder;
  }

  /** One socket finished writing the frame at {@code now} ({@link System#nanoTime()}). */
  void written(long now) {
    synchronized (this) {
      if (written++ == 0) {
        firstWrittenNanos = now;
      }
    }
    settleOne();
  }

  /** One socket will never get the frame, for {@code reason}. */
  void missed(DeliveryOutcome reason) {
    synchronized (this) {
      if (missed == null || severity(reason) > severity(missed)) {
        missed = reason;
      }
    }
    settleOne();
  }

  private void settleOne() {
    DeliveryRecord record;
    synchronized (this) {
      if (--pending != 0) {
        return;
      }
      record = written > 0 ? delivered() : notDelivered();
    }
    recorder.record(event, record, kind);
  }

  private DeliveryRecord delivered() {
    long micros = (firstWrittenNanos - receivedNanos) / 1_000;
    Instant at = event.receivedAt().plusNanos(firstWrittenNanos - receivedNanos);
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(user.value()),
        DeliveryOutcome.DELIVERED,
        written,
        event.receivedAt(),
        Optional.of(at),
        OptionalLong.of(micros),
        event.instanceId());
  }

  private DeliveryRecord notDelivered() {
    return DeliveryRecords.missed(event, user, missed);
  }

  // When a user's sockets disagree, the reason an operator most needs to see wins.
  private static int severity(DeliveryOutcome outcome) {
    return switch (outcome) {
      case DROPPED_SLOW_CONSUMER -> 4;
      case FAILED -> 3;
      case RATE_LIMITED -> 2;
      case COALESCED -> 1;
      default -> 0;
    };
  }
}
