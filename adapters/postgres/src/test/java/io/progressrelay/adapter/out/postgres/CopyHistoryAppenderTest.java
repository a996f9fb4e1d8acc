package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The binary COPY's encoding, read back from PostgreSQL column by column. */
final class CopyHistoryAppenderTest {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(CopyHistoryAppenderTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Test
  void everyColumnRoundTripsIncludingNullsOddTextAndSubMicrosecondTimes() throws Exception {
    HistoryTables.empty(database.jdbi());
    Instant received = Instant.parse("2026-11-27T10:15:30.123456789Z");
    var odd =
        new HistoryRow(
            "evt\t1\\n",
            "upload:u-1",
            "upload_progress",
            "u-1",
            "batch é€",
            420,
            received,
            "relay-1",
            "alice",
            "delivered",
            2,
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            812L);
    var sparse =
        new HistoryRow(
            "evt-2",
            "upload:u-2",
            "upload_failed",
            null,
            null,
            0,
            received,
            "relay-1",
            null,
            "no_subscribers",
            0,
            null,
            null);

    database
        .jdbi()
        .useHandle(
            handle -> {
              DailyPartitions.createMissing(
                  handle, new TreeSet<>(List.of(LocalDate.of(2026, 11, 27))));
              new CopyHistoryAppender().append(handle, List.of(odd, sparse));
            });

    List<Map<String, Object>> rows =
        database
            .jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery(
                            "SELECT event_id, batch_id, size_bytes, connections, latency_micros,"
                                + " to_char(received_at AT TIME ZONE 'UTC',"
                                + " 'YYYY-MM-DD HH24:MI:SS.US') AS received,"
                                + " to_char(first_written_at AT TIME ZONE 'UTC',"
                                + " 'YYYY-MM-DD HH24:MI:SS.US') AS written, user_id, upload_id"
                                + " FROM delivery_history ORDER BY event_id")
                        .mapToMap()
                        .list());
    assertThat(rows).hasSize(2);
    Map<String, Object> first = rows.get(0); // a tab sorts before "-" in the "C" collation
    Map<String, Object> second = rows.get(1);
    assertThat(first)
        .containsEntry("event_id", "evt\t1\\n")
        .containsEntry("batch_id", "batch é€")
        .containsEntry("size_bytes", 420)
        .containsEntry("connections", 2)
        .containsEntry("latency_micros", 812L)
        .containsEntry("received", "2026-11-27 10:15:30.123457") // rounded, as text input is
        .containsEntry("written", "1999-12-31 23:59:59.999999") // before PostgreSQL's epoch
        .containsEntry("user_id", "alice");
    assertThat(second)
        .containsEntry("event_id", "evt-2")
        .containsEntry("batch_id", null)
        .containsEntry("latency_micros", null)
        .containsEntry("written", null)
        .containsEntry("user_id", null)
        .containsEntry("upload_id", null);
  }
}
