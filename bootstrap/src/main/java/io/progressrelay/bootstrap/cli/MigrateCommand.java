package io.progressrelay.bootstrap.cli;

import io.progressrelay.adapter.out.postgres.MigrationResult;
import io.progressrelay.adapter.out.postgres.PostgresDatabase;
import io.progressrelay.bootstrap.config.AppConfig;
import io.progressrelay.bootstrap.config.AppConfigLoader;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Applies pending database migrations and exits; `serve` also does this at start-up. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Create the database if missing and apply pending migrations.")
public final class MigrateCommand implements Callable<Integer> {
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  public MigrateCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    AppConfig config = AppConfigLoader.load(environment);
    try (PostgresDatabase database = PostgresDatabase.open(config.database())) {
      MigrationResult result = database.migrate();
      spec.commandLine()
          .getOut()
          .printf(
              "Applied %d migration(s); schema of %s is at version %s%n",
              result.applied(), config.database().jdbcUrl(), result.currentVersion());
    }
    return 0;
  }
}
