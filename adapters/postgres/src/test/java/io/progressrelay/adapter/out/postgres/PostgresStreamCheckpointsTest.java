package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.application.port.out.contract.StreamCheckpointsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the stream checkpoint contract against PostgreSQL, in a database of its own. */
final class PostgresStreamCheckpointsTest extends StreamCheckpointsContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresStreamCheckpointsTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected StreamCheckpoints emptyCheckpoints() {
    database.jdbi().useHandle(handle -> handle.execute("TRUNCATE stream_checkpoints"));
    return new PostgresStreamCheckpoints(database.jdbi());
  }
}
