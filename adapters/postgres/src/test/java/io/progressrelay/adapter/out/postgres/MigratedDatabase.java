package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.contract.Repositories;
import org.jdbi.v3.core.Jdbi;

/** A fresh, migrated database for one test class, emptied before each test and dropped after. */
final class MigratedDatabase implements AutoCloseable {
  private final TestDatabase database;
  private final PostgresDatabase postgres;

  private MigratedDatabase(TestDatabase database, PostgresDatabase postgres) {
    this.database = database;
    this.postgres = postgres;
  }

  static MigratedDatabase forTestClass(Class<?> testClass) {
    TestDatabase database = TestDatabases.newDatabase(testClass.getSimpleName());
    PostgresDatabase postgres = PostgresDatabase.open(database.settings());
    postgres.migrate();
    return new MigratedDatabase(database, postgres);
  }

  Jdbi jdbi() {
    return postgres.jdbi();
  }

  /** Deletes every row, then returns all four adapters over this database. */
  Repositories emptyRepositories() {
    jdbi().useHandle(handle -> handle.execute("TRUNCATE subscriptions, grants, uploads"));
    return new Repositories(
        new PostgresUploadRepository(jdbi()),
        new PostgresGrantRepository(jdbi()),
        new PostgresSubscriptionRepository(jdbi()),
        new PostgresSubscriberDirectory(jdbi()));
  }

  @Override
  public void close() {
    postgres.close();
    database.close();
  }
}
