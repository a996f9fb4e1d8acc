package io.progressrelay.adapter.out.memory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.OptionalLong;

/**
 * PostgreSQL's {@code round(percentile_cont(f) WITHIN GROUP (ORDER BY x)::numeric)}, computed the
 * same way down to the rounding, so the in-memory stats equal the database's.
 */
final class Percentiles {
  /** float8 to numeric keeps 15 significant digits (DBL_DIG) in PostgreSQL 15. */
  private static final MathContext FLOAT8_TO_NUMERIC = new MathContext(15, RoundingMode.HALF_EVEN);

  private Percentiles() {}

  /** Empty when there are no values, as the aggregate gives NULL. */
  static OptionalLong continuous(List<Long> values, double fraction) {
    if (values.isEmpty()) {
      return OptionalLong.empty();
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    double position = fraction * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = (int) Math.ceil(position);
    double value =
        lower == upper
            ? sorted[lower]
            : sorted[lower] + (sorted[upper] - (double) sorted[lower]) * (position - lower);
    return OptionalLong.of(
        new BigDecimal(value)
            .round(FLOAT8_TO_NUMERIC)
            .setScale(0, RoundingMode.HALF_UP)
            .longValueExact());
  }
}
