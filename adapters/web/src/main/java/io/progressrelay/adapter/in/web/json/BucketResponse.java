package io.progressrelay.adapter.in.web.json;

import io.progressrelay.domain.DeliveryOutcome;
import io.progressrelay.domain.history.OutcomeBucket;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One stats bucket: a count for every outcome code (zero included), and the delivered rows' latency
 * percentiles (null when nothing was delivered).
 */
public record BucketResponse(
    Instant start, Map<String, Long> counts, Long p50Micros, Long p99Micros) {
  public static BucketResponse of(OutcomeBucket bucket) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      counts.put(outcome.code(), bucket.counts().getOrDefault(outcome, 0L));
    }
    return new BucketResponse(
        bucket.start(), counts, boxed(bucket.p50Micros()), boxed(bucket.p99Micros()));
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
