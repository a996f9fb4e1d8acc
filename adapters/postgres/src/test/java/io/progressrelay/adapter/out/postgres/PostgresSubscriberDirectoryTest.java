package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriberDirectoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the subscriber directory contract against PostgreSQL. */
final class PostgresSubscriberDirectoryTest extends SubscriberDirectoryContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresSubscriberDirectoryTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected Repositories emptyRepositories() {
    return database.emptyRepositories();
  }
}
