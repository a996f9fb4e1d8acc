package io.progressrelay.adapter.in.web;

import io.progressrelay.domain.InvalidValueException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the HTTP server listens and how it protects itself: the largest request body it reads, and
 * how long a stop waits for requests in flight.
 */
public record WebServerSettings(String host, int port, long maxBodyBytes, Duration stopTimeout) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  public WebServerSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (host.isBlank()) {
      throw new InvalidValueException("host", "'host' must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new InvalidValueException("port", "'port' must be 0..65535 (0 picks a free port)");
    }
    if (maxBodyBytes < 1) {
      throw new InvalidValueException("maxBodyBytes", "'maxBodyBytes' must be positive");
    }
    if (stopTimeout.isNegative()) {
      throw new InvalidValueException("stopTimeout", "'stopTimeout' must not be negative");
    }
  }

  /** The defaults (all interfaces, 1 MiB bodies, 10 s graceful stop) on {@code port}. */
  public static WebServerSettings onPort(int port) {
    return new WebServerSettings(DEFAULT_HOST, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_STOP_TIMEOUT);
  }

  public WebServerSettings withHost(String newHost) {
    return new WebServerSettings(newHost, port, maxBodyBytes, stopTimeout);
  }

  public WebServerSettings withMaxBodyBytes(long newMaxBodyBytes) {
    return new WebServerSettings(host, port, newMaxBodyBytes, stopTimeout);
  }

  public WebServerSettings withStopTimeout(Duration newStopTimeout) {
    return new WebServerSettings(host, port, maxBodyBytes, newStopTimeout);
  }
}
