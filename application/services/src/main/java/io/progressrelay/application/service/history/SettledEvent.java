package io.progressrelay.application.service.history;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.EventKind;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;

/**
 * One event whose outcome is known for every recipient, handed to the {@link
 * DeliveryHistoryRecorder} once, whatever the number of recipients. The delivery path fills it
 * without building records; the history writer builds them, off that path. Immutable once handed
 * over.
 */
public interface SettledEvent {
  EventRecord event();

  EventKind kind();

  /** How many outcomes the event has: one per recipient user, or one no_subscribers. */
  int outcomes();

  /** The outcome of the recipient at {@code index}, without building its record. */
  DeliveryOutcome outcome(int index);

  /** The full record of the recipient at {@code index}; called on the history writer's thread. */
  DeliveryRecord record(int index);

  /** A single outcome already in record form, such as an event nobody subscribed to. */
  static SettledEvent of(EventRecord event, DeliveryRecord record, EventKind kind) {
    return new SettledEvent() {
      @Override
      public EventRecord event() {
        return event;
      }

      @Override
      public EventKind kind() {
        return kind;
      }

      @Override
      public int outcomes() {
        return 1;
      }

      @Override
      public DeliveryOutcome outcome(int index) {
        return record.outcome();
      }

      @Override
      public DeliveryRecord record(int index) {
        return record;
      }
    };
  }
}
