package io.progressrelay.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.application.port.out.contract.Repositories;
import io.progressrelay.application.port.out.contract.UploadRepositoryContract;
import io.progressrelay.domain.RegistrationOutcome;
import io.progressrelay.domain.UploadRegistration;
import io.progressrelay.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the upload repository contract against PostgreSQL, plus what only a database can get wrong.
 */
final class PostgresUploadRepositoryTest extends UploadRepositoryContract {
  private static MigratedDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = MigratedDatabase.forTestClass(PostgresUploadRepositoryTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected Repositories emptyRepositories() {
    return database.emptyRepositories();
  }

  @Test
  void concurrentRegistrationsAgreeOnOneOwner() throws Exception {
    List<Callable<RegistrationOutcome>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      var registration = new UploadRegistration(upload("contested"), new UserId("user-" + i));
      tasks.add(() -> repos.uploads().register(registration, T0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<RegistrationOutcome> outcomes = new ArrayList<>();
    try {
      for (Future<RegistrationOutcome> outcome : pool.invokeAll(tasks)) {
        outcomes.add(outcome.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(outcomes).containsOnlyOnce(RegistrationOutcome.CREATED);
    assertThat(outcomes).filteredOn(o -> o == RegistrationOutcome.CONFLICT).hasSize(15);
  }

  // How long it takes is measured by BulkRegistrationBenchmark in the bench module.
  @Test
  void bulkRegistrationOfTenThousandEntriesCreatesTheNewOnesAndLeavesTheRest() {
    List<UploadRegistration> entries = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      entries.add(new UploadRegistration(upload("bulk-" + i), i % 2 == 0 ? ALICE : BOB));
    }
    repos.uploads().registerAll(entries.subList(0, 5_000), T0);

    var result = repos.uploads().registerAll(entries, T0);

    assertThat(result.created()).hasSize(5_000);
    assertThat(result.unchanged()).isEqualTo(5_000);
  }
}
