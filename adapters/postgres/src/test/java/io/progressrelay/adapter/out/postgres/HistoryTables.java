package io.progressrelay.adapter.out.postgres;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Test access to the delivery-history tables: resetting them and reading their partitions. */
final class HistoryTables {
  private HistoryTables() {}

  /** Drops every partition of delivery_history and deletes every gap. */
  static void empty(Jdbi jdbi) {
    jdbi.useTransaction(
        handle -> {
          DeliveryHistoryDao dao = handle.attach(DeliveryHistoryDao.class);
          dao.partitionNames().forEach(dao::dropPartition);
          handle.execute("TRUNCATE history_gaps");
        });
  }

  /** The days of the partitions PostgreSQL lists in pg_inherits, oldest first. */
  static List<LocalDate> partitionDays(Jdbi jdbi) {
    return jdbi.withExtension(DeliveryHistoryDao.class, DeliveryHistoryDao::partitionNames).stream()
        .map(DailyPartitions::dayOf)
        .flatMap(Optional::stream)
        .sorted()
        .toList();
  }
}
