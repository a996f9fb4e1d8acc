package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.contract.DeliveryHistoryAdapters;
import io.progressrelay.application.port.out.contract.DeliveryHistoryContract;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the contract once more with the batched INSERT appender, the one not used by default. */
final class PostgresDeliveryHistoryWithInsertTest extends DeliveryHistoryContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresDeliveryHistoryWithInsertTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected DeliveryHistoryAdapters emptyHistory() {
    HistoryTables.empty(database.jdbi());
    var history = new PostgresDeliveryHistory(database.jdbi(), new InsertHistoryAppender());
    return new DeliveryHistoryAdapters(history, history);
  }

  @Override
  protected List<LocalDate> storedDays() {
    return HistoryTables.partitionDays(database.jdbi());
  }
}
