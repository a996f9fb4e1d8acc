package io.progressrelay.adapter.out.postgres;

import static io.progressrelay.application.port.out.contract.HistoryTestData.delivered;
import static io.progressrelay.application.port.out.contract.HistoryTestData.event;
import static io.progressrelay.application.port.out.contract.HistoryTestData.noSubscribers;
import static io.progressrelay.application.port.out.contract.HistoryTestData.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.out.history.DeliveryPage;
import io.progressrelay.application.port.out.history.DeliveryQuery;
import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.BucketSize;
import io.progressrelay.domain.history.DeliveryCursor;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryView;
import io.progressrelay.domain.history.EventRecord;
import io.progressrelay.domain.history.HistoryGap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V4 moves V2's one row per (event, recipient) into one row per event: a database at V3
 * holding history, migrated, answers every admin question exactly as a database that received the
 * same outcomes through the V4 adapter.
 */
final class MigrationToEventRowsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T23:59:58Z");

  private TestDatabase migrated;
  private TestDatabase fresh;
  private PostgresDatabase migratedPostgres;
  private PostgresDatabase freshPostgres;

  @BeforeEach
  void openDatabases() {
    migrated = TestDatabases.newDatabase("MigrationToEventRowsTest");
    fresh = TestDatabases.newDatabase("MigrationToEventRowsTest");
  }

  @AfterEach
  void dropDatabases() {
    for (AutoCloseable open : new AutoCloseable[] {migratedPostgres, freshPostgres}) {
      if (open != null) {
        try {
          open.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
    migrated.close();
    fresh.close();
  }

  private static Instant at(double seconds) {
    return T0.plusNanos((long) (seconds * 1_000_000) * 1000);
  }

  @Test
  void historyWrittenUnderV2AnswersTheSameAfterMigratingToV4() {
    List<EventRecord> events = new ArrayList<>();
    List<DeliveryRecord> deliveries = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // Pairs of events share a receipt time, and the sixth second falls on the next day.
      EventRecord event =
          event(
              String.format("e-%03d", i),
              "u-" + i % 3,
              i % 5 == 4 ? "upload_completed" : "upload_progress",
              at(0.000_001 + i / 2));
      events.add(event);
      if (i % 4 == 3) {
        deliveries.add(noSubscribers(event));
        continue;
      }
      deliveries.add(delivered(event, "alice", 100 + i * 37));
      deliveries.add(outcome(event, "Bob", DeliveryOutcome.COALESCED));
      deliveries.add(
          outcome(
              event,
              "carol",
              i % 2 == 0 ? DeliveryOutcome.NO_CONNECTION : DeliveryOutcome.RATE_LIMITED));
      deliveries.add(twoSockets(event, "dave", 5_000 + i));
    }
    var userEvent =
        new EventRecord(
            "e-user",
            "user:alice",
            "notice",
            Optional.empty(),
            Optional.of("batch-1"),
            7,
            at(3.25),
            "relay-2");
    events.add(userEvent);
    deliveries.add(outcome(userEvent, "alice", DeliveryOutcome.FAILED));
    HistoryGap gap = new HistoryGap("relay-1", at(1), at(2), 3);

    PostgresDeliveryHistory before = historyMigratedFromV2(events, deliveries, gap);
    PostgresDeliveryHistory after = historyWrittenUnderV4(events, deliveries, gap);

    assertThat(allPages(before, everything(), 5))
        .hasSize(deliveries.size())
        .containsExactlyElementsOf(allPages(after, everything(), 1000));
    for (DeliveryQuery query :
        List.of(
            filtered(Optional.of("u-1"), Optional.empty(), Optional.empty()),
            filtered(Optional.empty(), Optional.of("alice"), Optional.empty()),
            filtered(Optional.empty(), Optional.of("Bob"), Optional.empty()),
            filtered(Optional.empty(), Optional.empty(), Optional.of(DeliveryOutcome.RATE_LIMITED)),
            filtered(
                Optional.of("u-2"), Optional.of("dave"), Optional.of(DeliveryOutcome.DELIVERED)))) {
      assertThat(allPages(before, query, 3))
          .isNotEmpty()
          .containsExactlyElementsOf(allPages(after, query, 1000));
    }
    for (BucketSize size : BucketSize.values()) {
      assertThat(before.stats(at(-60), at(60), size))
          .isNotEmpty()
          .isEqualTo(after.stats(at(-60), at(60), size));
    }
    for (String upload : List.of("u-0", "u-1", "u-2")) {
      assertThat(before.timeline(upload, 3)).hasSize(3).isEqualTo(after.timeline(upload, 3));
    }
    assertThat(before.gaps(at(0), at(10))).containsExactly(gap);
    assertThat(HistoryTables.partitionDays(migratedPostgres.jdbi()))
        .as("a partition for every day V2 had one")
        .isEqualTo(HistoryTables.partitionDays(freshPostgres.jdbi()));
  }

  private static DeliveryRecord twoSockets(EventRecord event, String user, long latencyMicros) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.of(user),
        DeliveryOutcome.DELIVERED,
        2,
        event.receivedAt(),
        Optional.of(event.receivedAt().plusNanos(latencyMicros * 1000 + 400)),
        OptionalLong.of(latencyMicros),
        event.instanceId());
  }

  private PostgresDeliveryHistory historyMigratedFromV2(
      List<EventRecord> events, List<DeliveryRecord> deliveries, HistoryGap gap) {
    var settings = migrated.settings();
    Flyway.configure(getClass().getClassLoader())
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations("classpath:db/migration")
        .target("3")
        .load()
        .migrate();
    migratedPostgres = PostgresDatabase.open(settings);
    migratedPostgres.jdbi().useTransaction(handle -> insertV2Rows(handle, events, deliveries, gap));
    migratedPostgres.migrate();
    return new PostgresDeliveryHistory(migratedPostgres.jdbi());
  }

  private PostgresDeliveryHistory historyWrittenUnderV4(
      List<EventRecord> events, List<DeliveryRecord> deliveries, HistoryGap gap) {
    freshPostgres = PostgresDatabase.open(fresh.settings());
    freshPostgres.migrate();
    var history = new PostgresDeliveryHistory(freshPostgres.jdbi());
    history.maintainRetention(T0, 1, Instant.EPOCH);
    // Two batches, as the writer sends them: one event's outcomes may come in both.
    int half = deliveries.size() / 2;
    history.append(events, deliveries.subList(0, half));
    history.append(events, deliveries.subList(half, deliveries.size()));
    history.recordGap(gap);
    return history;
  }

  /** The rows as V2's adapter wrote them, one per (event, recipient), in V2's own partitions. */
  private static void insertV2Rows(
      Handle handle, List<EventRecord> events, List<DeliveryRecord> deliveries, HistoryGap gap) {
    handle.execute(
        "CREATE TABLE delivery_history_20261127 PARTITION OF delivery_history"
            + " FOR VALUES FROM ('2026-11-27 00:00:00+00') TO ('2026-11-28 00:00:00+00')");
    handle.execute(
        "CREATE TABLE delivery_history_20261128 PARTITION OF delivery_history"
            + " FOR VALUES FROM ('2026-11-28 00:00:00+00') TO ('2026-11-29 00:00:00+00')");
    for (DeliveryRecord delivery : deliveries) {
      EventRecord event =
          events.stream()
              .filter(e -> e.eventId().equals(delivery.eventId()))
              .findFirst()
              .orElseThrow();
      handle
          .createUpdate(
              """
              INSERT INTO delivery_history (
                  event_id, channel, action, upload_id, batch_id, size_bytes, received_at,
                  instance_id, user_id, outcome, connections, first_written_at, latency_micros)
              VALUES (:eventId, :channel, :action, :uploadId, :batchId, :sizeBytes, :receivedAt,
                      :instanceId, :userId, :outcome, :connections, :firstWrittenAt, :latency)
              """)
          .bind("eventId", event.eventId())
          .bind("channel", event.channel())
          .bind("action", event.action())
          .bind("uploadId", event.uploadId().orElse(null))
          .bind("batchId", event.batchId().orElse(null))
          .bind("sizeBytes", event.sizeBytes())
          .bind("receivedAt", event.receivedAt())
          .bind("instanceId", event.instanceId())
          .bind("userId", delivery.userId().orElse(null))
          .bind("outcome", delivery.outcome().code())
          .bind("connections", delivery.connections())
          .bind("firstWrittenAt", delivery.firstWrittenAt().orElse(null))
          .bind(
              "latency",
              delivery.latencyMicros().isPresent() ? delivery.latencyMicros().getAsLong() : null)
          .execute();
    }
    handle
        .createUpdate(
            "INSERT INTO history_gaps (instance_id, from_at, to_at, lost_outcomes)"
                + " VALUES (:instance, :from, :to, :lost)")
        .bind("instance", gap.instanceId())
        .bind("from", gap.from())
        .bind("to", gap.to())
        .bind("lost", gap.lostOutcomes())
        .execute();
  }

  private static DeliveryQuery everything() {
    return filtered(Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static DeliveryQuery filtered(
      Optional<String> uploadId, Optional<String> userId, Optional<DeliveryOutcome> outcome) {
    return new DeliveryQuery(
        uploadId,
        userId,
        Optional.empty(),
        outcome,
        Optional.empty(),
        Optional.empty(),
        1,
        Optional.empty());
  }

  private static List<DeliveryView> allPages(
      PostgresDeliveryHistory history, DeliveryQuery query, int limit) {
    List<DeliveryView> items = new ArrayList<>();
    Optional<DeliveryCursor> after = Optional.empty();
    do {
      DeliveryPage page =
          history.deliveries(
              new DeliveryQuery(
                  query.uploadId(),
                  query.userId(),
                  query.action(),
                  query.outcome(),
                  query.since(),
                  query.until(),
                  limit,
                  after));
      items.addAll(page.items());
      after = page.next();
    } while (after.isPresent());
    return items;
  }
}
