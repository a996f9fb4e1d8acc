package io.progressrelay.adapter.out.postgres;

import java.time.Instant;

/**
 * How many frames of one outcome (by its {@link OutcomeCodes code}) fell in one stats bucket, with
 * percentiles for delivered ones.
 */
record OutcomeCountRow(
    Instant bucketStart, short outcome, long count, Long p50Micros, Long p99Micros) {}
