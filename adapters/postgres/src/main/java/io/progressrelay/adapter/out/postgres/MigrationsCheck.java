package io.progressrelay.adapter.out.postgres;

import io.progressrelay.application.port.out.ReadinessCheck;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Ready when the schema's latest successful migration is the newest one on the classpath. The
 * classpath is read once through Flyway; each check then reads only the schema history, because
 * every Flyway command logs at INFO and readiness is polled every few seconds.
 */
final class MigrationsCheck implements ReadinessCheck {
  private static final int QUERY_TIMEOUT_SECONDS = 2;

  private final Flyway flyway;
  private final Jdbi jdbi;
  private volatile List<MigrationVersion> available;

  MigrationsCheck(Flyway flyway, Jdbi jdbi) {
    this.flyway = flyway;
    this.jdbi = jdbi;
  }

  @Override
  public String name() {
    return "migrations";
  }

  @Override
  public Result check() {
    try {
      List<MigrationVersion> onClasspath = available();
      List<MigrationVersion> applied = jdbi.withHandle(MigrationsCheck::appliedVersions);
      Optional<MigrationVersion> newest = onClasspath.stream().max(Comparator.naturalOrder());
      Optional<MigrationVersion> current = applied.stream().max(Comparator.naturalOrder());
      String schema = "schema at version " + current.map(Object::toString).orElse("none");
      if (newest.isPresent() && newest.equals(current)) {
        return new Result(name(), true, schema + ", the newest migration");
      }
      List<String> pending =
          onClasspath.stream().filter(v -> !applied.contains(v)).map(Object::toString).toList();
      return new Result(
          name(),
          false,
          schema
              + ", newest migration "
              + newest.map(Object::toString).orElse("none")
              + ", pending: "
              + (pending.isEmpty() ? "none" : String.join(", ", pending)));
    } catch (RuntimeException e) {
      return new Result(name(), false, "cannot read the schema history: " + Failures.describe(e));
    }
  }

  /** The versioned migrations on the classpath, which cannot change while the service runs. */
  private List<MigrationVersion> available() {
    if (available == null) {
      available =
          Arrays.stream(flyway.info().all())
              .filter(info -> info.isVersioned() && info.getState().isResolved())
              .map(MigrationInfo::getVersion)
              .toList();
    }
    return available;
  }

  private static List<MigrationVersion> appliedVersions(Handle handle) {
    boolean hasHistory =
        handle
            .createQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")
            .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
            .mapTo(Boolean.class)
            .one();
    if (!hasHistory) {
      return List.of();
    }
    return handle
        .createQuery(
            """
            SELECT version
              FROM flyway_schema_history
             WHERE success AND version IS NOT NULL
            """)
        .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
        .mapTo(String.class)
        .map(MigrationVersion::fromVersion)
        .list();
  }
}
