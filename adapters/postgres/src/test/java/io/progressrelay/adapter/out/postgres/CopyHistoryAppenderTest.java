package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.DeliveryRecord;
import io.progressrelay.domain.history.DeliveryRun;
import io.progressrelay.domain.history.EventRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binary COPY's encoding, read back from PostgreSQL column by column. */
final class CopyHistoryAppenderTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-27T10:15:30.123456789Z");

  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(CopyHistoryAppenderTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  private static EventRecord event(String id, String uploadId, String batchId, int size) {
    return new EventRecord(
        id,
        "upload:u-1",
        "upload_progress",
        Optional.ofNullable(uploadId),
        Optional.ofNullable(batchId),
        size,
        RECEIVED,
        "relay-1");
  }

  private static DeliveryRecord outcome(
      EventRecord event, String user, DeliveryOutcome outcome, Instant written, Long latency) {
    return new DeliveryRecord(
        event.eventId(),
        Optional.ofNullable(user),
        outcome,
        written == null ? 0 : 2,
        event.receivedAt(),
        Optional.ofNullable(written),
        latency == null ? OptionalLong.empty() : OptionalLong.of(latency),
        event.instanceId());
  }

  @Test
  void everyColumnRoundTripsIncludingNullsOddTextRunsAndSubMicrosecondTimes() throws Exception {
    HistoryTables.empty(database.jdbi());
    EventRecord odd = event("evt\t1\\n", "u-1", "batch é€", 420);
    EventRecord sparse = event("evt-2", null, null, 0);
    DeliveryRecord toAlice =
        outcome(
            odd, "alice", DeliveryOutcome.DELIVERED, Instant.parse("2026-11-27T10:15:30.5Z"), 812L);
    DeliveryRecord toBob =
        outcome(odd, "bob", DeliveryOutcome.COALESCED, null, null)
            .withRun(new DeliveryRun(7, "evt-0", Instant.parse("2026-11-27T10:15:29Z")));
    DeliveryRecord nobody = outcome(sparse, null, DeliveryOutcome.NO_SUBSCRIBERS, null, null);

    database
        .jdbi()
        .useHandle(
            handle -> {
              DailyPartitions.createMissing(
                  handle, new TreeSet<>(List.of(LocalDate.of(2026, 11, 27))));
              new CopyHistoryAppender()
                  .append(
                      handle,
                      EventRow.grouped(List.of(odd, sparse), List.of(toAlice, toBob, nobody)));
            });

    List<Map<String, Object>> rows =
        database
            .jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery(
                            "SELECT event_id, batch_id, size_bytes, upload_id,"
                                + " CAST(user_ids AS text) AS users,"
                                + " CAST(outcomes AS text) AS outcomes,"
                                + " CAST(connections AS text) AS connections,"
                                + " CAST(first_written_micros AS text) AS written,"
                                + " CAST(latency_micros AS text) AS latencies,"
                                + " CAST(run_counts AS text) AS run_counts,"
                                + " CAST(run_first_event_ids AS text) AS run_firsts,"
                                + " to_char(run_first_received_at[1] AT TIME ZONE 'UTC',"
                                + " 'YYYY-MM-DD HH24:MI:SS.US') AS run_first_at,"
                                + " to_char(received_at AT TIME ZONE 'UTC',"
                                + " 'YYYY-MM-DD HH24:MI:SS.US') AS received"
                                + " FROM delivery_events ORDER BY event_id")
                        .mapToMap()
                        .list());
    assertThat(rows).hasSize(2);
    Map<String, Object> first = rows.get(0); // a tab sorts before "-" in the "C" collation
    Map<String, Object> second = rows.get(1);
    assertThat(first)
        .containsEntry("event_id", "evt\t1\\n")
        .containsEntry("batch_id", "batch é€")
        .containsEntry("size_bytes", 420)
        .containsEntry("received", "2026-11-27 10:15:30.123457") // rounded, as text input is
        .containsEntry("users", "{bob,alice}") // page order: user id descending
        .containsEntry("outcomes", "{1,0}")
        .containsEntry("connections", "{0,2}")
        .containsEntry("written", "{NULL,376543}") // .5 s after the rounded receipt
        .containsEntry("latencies", "{NULL,812}")
        .containsEntry("run_counts", "{7,NULL}")
        .containsEntry("run_firsts", "{evt-0,NULL}")
        .containsEntry("run_first_at", "2026-11-27 10:15:29.000000");
    assertThat(second)
        .containsEntry("event_id", "evt-2")
        .containsEntry("batch_id", null)
        .containsEntry("upload_id", null)
        .containsEntry("users", "{NULL}")
        .containsEntry("outcomes", "{6}")
        .containsEntry("written", "{NULL}")
        .containsEntry("run_counts", null);
  }
}
