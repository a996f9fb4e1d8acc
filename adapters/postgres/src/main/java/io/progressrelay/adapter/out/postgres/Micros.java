package io.progressrelay.adapter.out.postgres;

import java.time.Instant;

/** Instants as PostgreSQL keeps them: whole microseconds, rounded as it rounds a timestamp. */
final class Micros {
  /** PostgreSQL counts timestamps in microseconds from 2000-01-01T00:00:00Z. */
  private static final long POSTGRES_EPOCH_SECONDS =
      Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

  private Micros() {}

  /** Microseconds since 2000-01-01T00:00:00Z, the binary form of a {@code timestamptz}. */
  static long sincePostgresEpoch(Instant value) {
    return (value.getEpochSecond() - POSTGRES_EPOCH_SECONDS) * 1_000_000L
        + (value.getNano() + 500) / 1_000;
  }

  /** How many microseconds {@code later} is after {@code earlier}, both rounded as stored. */
  static long between(Instant earlier, Instant later) {
    return sincePostgresEpoch(later) - sincePostgresEpoch(earlier);
  }
}
