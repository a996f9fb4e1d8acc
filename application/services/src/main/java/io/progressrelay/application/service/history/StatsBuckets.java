package io.progressrelay.application.service.history;

import io.progressrelay.domain.InvalidValueException;
import io.progressrelay.domain.history.BucketSize;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Counts the buckets a stats period spans, so that one answer stays bounded. */
final class StatsBuckets {
  private StatsBuckets() {}

  /** Buckets start on whole minutes or hours, so a period may touch one more than it lasts. */
  static long count(Instant since, Instant until, BucketSize size) {
    ChronoUnit unit = size == BucketSize.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
    Duration span = Duration.between(since.truncatedTo(unit), until);
    Duration width = unit.getDuration();
    long whole = span.dividedBy(width);
    return span.equals(width.multipliedBy(whole)) ? whole : whole + 1;
  }

  /** Throws naming 'bucket' when {@code since..until} spans more than {@code max} buckets. */
  static void requireAtMost(int max, Instant since, Instant until, BucketSize size) {
    long count = count(since, until, size);
    if (count > max) {
      String name = size.name().toLowerCase(Locale.ROOT);
      throw new InvalidValueException(
          "bucket",
          "the period spans "
              + count
              + " "
              + name
              + " buckets, at most "
              + max
              + " are allowed; use a wider 'bucket' or a shorter period");
    }
  }
}
