package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.contract.GrantRepositoryContract;
import io.progressrelay.application.port.out.contract.Repositories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the grant repository contract against PostgreSQL. */
final class PostgresGrantRepositoryTest extends GrantRepositoryContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresGrantRepositoryTest.class);
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
