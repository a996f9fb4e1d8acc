package io.progressrelay.adapter.out.postgres;

import java.time.Instant;

/** How many rows of one outcome fell in one stats bucket, with percentiles for delivered ones. */
record OutcomeCountRow(
    Instant bucketStart, String outcome, long count, Long p50Micros, Long p99Micros) {}
