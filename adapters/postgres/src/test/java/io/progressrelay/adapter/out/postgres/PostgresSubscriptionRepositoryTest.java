package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.SubscriptionRepositoryContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Runs the subscription repository contract against PostgreSQL. */
final class PostgresSubscriptionRepositoryTest extends SubscriptionRepositoryContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresSubscriptionRepositoryTest.class);
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
