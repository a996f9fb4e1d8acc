package io.progressrelay.application.service.history;

import io.progressrelay.adapter.out.memory.InMemoryDeliveryHistory;
import io.progressrelay.adapter.out.memory.InMemoryStore;
import io.progressrelay.adapter.out.memory.InMemorySubscriptionRepository;
import io.progressrelay.application.port.in.relay.ConnectionSnapshot;
import io.progressrelay.domain.Caller;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.Role;
import io.progressrelay.domain.SubscriptionPolicy;
import io.progressrelay.domain.UserId;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The admin history service over the in-memory history, a fixed clock and a list of connections the
 * test fills; builders for the events and outcomes it records.
 */
final class AdminHistoryFixture {
  static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  static final Caller ADMIN = new Caller(new UserId("root"), Set.of(Role.ADMIN));
  static final Caller WORKER = new Caller(new UserId("worker"), Set.of(Role.SERVICE));
  static final Caller ALICE = Caller.user(new UserId("alice"));
  static final String INSTANCE = "relay-1";

  final InMemoryDeliveryHistory history = new InMemoryDeliveryHistory();
  final List<ConnectionSnapshot> connections = new ArrayList<>();
  final InMemoryStore store = new InMemoryStore();
  final InMemorySubscriptionRepository subscriptions = new InMemorySubscriptionRepository(store);
  final AdminHistoryService service =
      new AdminHistoryService(
          history,
          () -> List.copyOf(connections),
          subscriptions,
          SubscriptionPolicy.DEFAULT,
          Clock.fixed(NOW, ZoneOffset.UTC));

  /** Records an upload_progress event of {@code uploadId} delivered to {@code users}. */
  EventRecord deliveredTo(String eventId, String uploadId, Instant at, String... users) {
    EventRecord event = event(eventId, uploadId, at);
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (String user : users) {
      deliveries.add(delivered(event, user, 1500));
    }
    history.append(List.of(event), deliveries);
    return event;
  }

  void gap(Instant from, Instant to, long lost) {
    history.recordGap(new HistoryGap(INSTANCE, from, to, lost));
  }

  static EventRecord event(String eventId, String uploadId, Instant at) {
    return new EventRecord(
        eventId,
        "upload:" + uploadId,
        "upload_progress",
        Optional.of(uploadId),
        Optional.empty(),
        64,
        at,
        INSTANCE);
  }

  static DeliveryRecord delivered(EventRecord event, String userId, long latencyMicros) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(userId),
        DeliveryOutcome.DELIVERED,
        1,
        event.receivedAt(),
        Optional.of(event.receivedAt().plusNanos(latencyMicros * 1000)),
        OptionalLong.of(latencyMicros),
        INSTANCE);
  }
}
