package io.progressrelay.bootstrap.config;

import io.progressrelay.adapter.in.redis.RedisStreamSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How events come in ({@code RELAY_INGEST}) and, in streams mode, which stream is read and how
 * ({@code RELAY_STREAM_*}), with how long start-up waits for the backlog before opening the port.
 */
public record IngestConfig(IngestMode mode, RedisStreamSettings stream, Duration catchUpTimeout) {
  public static final Duration DEFAULT_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  public IngestConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
  }

  public boolean streams() {
    return mode == IngestMode.STREAMS;
  }

  /** The stream workers append to in streams mode; empty in pub/sub mode. */
  public Optional<String> streamKey() {
    return streams() ? Optional.of(stream.streamKey()) : Optional.empty();
  }

  /** The same settings in {@code mode}. */
  public IngestConfig withMode(IngestMode mode) {
    return new IngestConfig(mode, stream, catchUpTimeout);
  }
}
