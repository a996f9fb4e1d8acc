package io.progressrelay.application.service.fanout;

import io.progressrelay.application.service.history.DeliveryHistoryRecorder;
import io.progressrelay.application.service.history.SettledEvent;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows one event to every connection of every recipient user, and hands the event's outcomes to
 * history once, when each recipient has settled: delivered if any of the user's sockets got the
 * frame, otherwise the most telling reason none did. One per event whatever the number of
 * recipients: a recipient is an index into its arrays, so the delivery path allocates nothing per
 * recipient, and history builds the records later on its own thread. Thread-safe.
 */
final class DeliveryTracker implements SettledEvent {
  private final EventRecord event;
  private final EventKind kind;
  private final long receivedNanos;
  private final DeliveryHistoryRecorder recorder;
  private final UserId[] users;
  private final int[] pending;
  private final int[] written;
  private final long[] firstWrittenNanos;
  private final DeliveryOutcome[] missed;
  private int recipients;
  // Recipients not settled yet, plus one while the dispatcher is still adding recipients.
  private int unsettled = 1;

  /** A tracker for at most {@code capacity} recipients of {@code event}. */
  DeliveryTracker(
      EventRecord event,
      EventKind kind,
      long receivedNanos,
      int capacity,
      DeliveryHistoryRecorder recorder) {
    this.event = event;
    this.kind = kind;
    this.receivedNanos = receivedNanos;
    this.recorder = recorder;
    this.users = new UserId[capacity];
    this.pending = new int[capacity];
    this.written = new int[capacity];
    this.firstWrittenNanos = new long[capacity];
    this.missed = new DeliveryOutcome[capacity];
  }

  /**
   * Adds a recipient whose frame goes to {@code connections} sockets; returns the index its sockets
   * report under. A recipient without sockets settles at once as not connected.
   */
  synchronized int add(UserId user, int connections) {
    int index = recipients++;
    users[index] = user;
    pending[index] = connections;
    if (connections == 0) {
      missed[index] = DeliveryOutcome.NO_CONNECTION;
    } else {
      unsettled++;
    }
    return index;
  }

  /** Every recipient was added: the event is handed over once the last of them settles. */
  void sealed() {
    synchronized (this) {
      if (--unsettled != 0) {
        return;
      }
    }
    recorder.record(this);
  }

  /** One socket of recipient {@code index} finished writing the frame at {@code now}. */
  void written(int index, long now) {
    synchronized (this) {
      if (written[index]++ == 0) {
        firstWrittenNanos[index] = now;
      }
    }
    settleOne(index);
  }

  /** One socket of recipient {@code index} will never get the frame, for {@code reason}. */
  void missed(int index, DeliveryOutcome reason) {
    synchronized (this) {
      if (missed[index] == null || severity(reason) > severity(missed[index])) {
        missed[index] = reason;
      }
    }
    settleOne(index);
  }

  private void settleOne(int index) {
    synchronized (this) {
      if (--pending[index] != 0 || --unsettled != 0) {
        return;
      }
    }
    recorder.record(this);
  }

  @Override
  public EventRecord event() {
    return event;
  }

  @Override
  public EventKind kind() {
    return kind;
  }

  @Override
  public synchronized int outcomes() {
    return recipients;
  }

  @Override
  public synchronized DeliveryOutcome outcome(int index) {
    return written[index] > 0 ? DeliveryOutcome.DELIVERED : missed[index];
  }

  @Override
  public synchronized DeliveryRecord record(int index) {
    if (written[index] == 0) {
      return DeliveryRecords.missed(event, users[index], missed[index]);
    }
    long nanos = firstWrittenNanos[index] - receivedNanos;
    Instant at = event.receivedAt().plusNanos(nanos);
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(users[index].value()),
        DeliveryOutcome.DELIVERED,
        written[index],
        event.receivedAt(),
        Optional.of(at),
        OptionalLong.of(nanos / 1_000),
        event.instanceId());
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

  /** One recipient's place in a tracker, for the rare paths that settle frames in bulk. */
  record Slot(DeliveryTracker tracker, int recipient) {
    void missed(DeliveryOutcome reason) {
      tracker.missed(recipient, reason);
    }
  }
}
