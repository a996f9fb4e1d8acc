package io.progressrelay.adapter.out.postgres;

/** What {@link PostgresDatabase#migrate()} did: how many migrations ran, and the version now. */
public record MigrationResult(int applied, String currentVersion) {}
