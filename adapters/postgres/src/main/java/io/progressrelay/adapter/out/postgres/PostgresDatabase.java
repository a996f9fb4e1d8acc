package io.progressrelay.adapter.out.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.progressrelay.application.port.out.ReadinessCheck;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The relay's PostgreSQL database: a connection pool, the {@link Jdbi} the repositories share, the
 * schema migrations and the readiness checks. Thread-safe; close it once, on shutdown.
 */
public final class PostgresDatabase implements AutoCloseable {
  /** How often {@link #migrate()} tries again to reach a server that is down: about 1 to 2 min. */
  static final int STARTUP_CONNECT_RETRIES = 12;

  private static final int STARTUP_RETRY_CAP_SECONDS = 5;

  static final String APPLICATION_NAME = "progress-relay";
  private static final String POOL_NAME = "progress-relay-postgres";
  private static final Duration MAX_VALIDATION_TIMEOUT = Duration.ofSeconds(5);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Flyway flyway;
  private final Flyway migrating;
  private final List<ReadinessCheck> readinessChecks;

  private PostgresDatabase(HikariDataSource dataSource, String description) {
    this.dataSource = dataSource;
    this.jdbi =
        Jdbi.create(dataSource)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    this.flyway = flyway(dataSource).load();
    // Migrating (at start-up) waits for a server that is down, restarting with the relay say:
    // waits of 1, 2, 4 s, then every 5 s, each after the pool's connect timeout. Readiness does
    // not.
    this.migrating =
        flyway(dataSource)
            .connectRetries(STARTUP_CONNECT_RETRIES)
            .connectRetriesInterval(STARTUP_RETRY_CAP_SECONDS)
            .load();
    this.readinessChecks =
        List.of(
            new PostgresConnectionCheck(dataSource, description),
            new MigrationsCheck(flyway, jdbi));
  }

  /**
   * Creates the database if it is missing and starts the pool. An unreachable server does not fail
   * this call: the pool keeps trying and {@link #readinessChecks()} report it meanwhile.
   *
   * @throws IllegalStateException naming the database when it is missing and cannot be created
   */
  public static PostgresDatabase open(PostgresSettings settings) {
    MissingDatabaseCreator.createIfMissing(settings);
    return new PostgresDatabase(
        new HikariDataSource(poolConfig(settings)), JdbcUrls.describe(settings.jdbcUrl()));
  }

  private static FluentConfiguration flyway(DataSource dataSource) {
    return Flyway.configure(PostgresDatabase.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true);
  }

  private static HikariConfig poolConfig(PostgresSettings settings) {
    var config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    Duration validation =
        settings.connectionTimeout().compareTo(MAX_VALIDATION_TIMEOUT) < 0
            ? settings.connectionTimeout()
            : MAX_VALIDATION_TIMEOUT;
    config.setValidationTimeout(validation.toMillis());
    // Start even while the server is down: readiness says so, and the pool recovers by itself.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
    config.addDataSourceProperty("connectTimeout", settings.connectionTimeoutSeconds());
    config.addDataSourceProperty("tcpKeepAlive", true);
    return config;
  }

  /** The {@link Jdbi} over the pool, with the SqlObject and PostgreSQL plugins installed. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * Applies the pending migrations from {@code classpath:db/migration}, waiting 1 to 2 minutes for
   * a server that is down.
   */
  public MigrationResult migrate() {
    MigrateResult result = migrating.migrate();
    MigrationInfo current = migrating.info().current();
    if (current == null || current.getVersion() == null) {
      throw new IllegalStateException("no migration found in classpath:db/migration");
    }
    return new MigrationResult(result.migrationsExecuted, current.getVersion().toString());
  }

  /** "postgres" (the server answers) and "migrations" (the schema is up to date); never throw. */
  public List<ReadinessCheck> readinessChecks() {
    return readinessChecks;
  }

  /**
   * Publishes the pool's meters ({@code hikaricp_connections_active}, {@code _pending}, {@code
   * _timeout_total}, ...) to {@code meterRegistry}, a Micrometer {@code MeterRegistry}, which the
   * pool takes untyped so that this adapter does not depend on Micrometer. Call it at most once.
   */
  public void publishPoolMetrics(Object meterRegistry) {
    dataSource.setMetricRegistry(meterRegistry);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
