package io.progressrelay.adapter.out.postgres;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes instants as ISO-8601 UTC text for COPY, formatting each distinct second once: a batch's
 * rows mostly share their seconds, and the general formatter dominated the history writer's CPU.
 * One per batch; not thread-safe.
 */
final class CopyTimestamps {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private long cachedSecond = Long.MIN_VALUE;
  private String cachedText;

  /** Appends {@code instant} as {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}. */
  StringBuilder append(StringBuilder text, Instant instant) {
    long second = instant.getEpochSecond();
    if (second != cachedSecond) {
      cachedSecond = second;
      cachedText = SECONDS.format(instant);
    }
    text.append(cachedText).append('.');
    int nanos = instant.getNano();
    for (int digit = 100_000_000; digit > 0; digit /= 10) {
      text.append((char) ('0' + nanos / digit % 10));
    }
    return text.append('Z');
  }
}
