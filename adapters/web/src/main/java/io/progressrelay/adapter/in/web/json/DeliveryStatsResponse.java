package io.progressrelay.adapter.in.web.json;

import io.progressrelay.application.port.in.history.DeliveryStats;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Outcome counts per minute or hour over {@code since..until}, oldest bucket first. */
public record DeliveryStatsResponse(
    String bucket,
    Instant since,
    Instant until,
    List<BucketResponse> buckets,
    List<GapResponse> gaps) {
  public static DeliveryStatsResponse of(DeliveryStats stats) {
    return new DeliveryStatsResponse(
        stats.bucket().name().toLowerCase(Locale.ROOT),
        stats.since(),
        stats.until(),
        stats.buckets().stream().map(BucketResponse::of).toList(),
        GapResponse.of(stats.gaps()));
  }
}
