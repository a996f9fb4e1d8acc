package io.progressrelay.application.port.out.history;

/** The width of one statistics bucket. */
public enum BucketSize {
  MINUTE,
  HOUR
}
