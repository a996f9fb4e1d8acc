package io.progressrelay.domain.history;

/** The width of one statistics bucket. */
public enum BucketSize {
  MINUTE,
  HOUR
}
