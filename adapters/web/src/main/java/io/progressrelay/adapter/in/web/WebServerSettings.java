package io.progressrelay.adapter.in.web;

import io.progressrelay.domain.InvalidValueException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the HTTP server listens and how it protects itself: the largest request body it reads, how
 * long a stop waits for requests in flight, and the most threads it runs requests and socket I/O
 * on.
 */
public record WebServerSettings(
    String host, int port, long maxBodyBytes, Duration stopTimeout, int maxThreads) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Enough for the blocking REST handlers (bounded by the database pool anyway) plus Jetty's
   * selector and acceptor; socket writes never block a thread. Jetty's own default of 200-250
   * threads costs stack memory after a burst of connections and buys nothing here.
   */
  public static final int DEFAULT_MAX_THREADS = 32;

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
    if (maxThreads < 8 || maxThreads > 1_000) {
      throw new InvalidValueException("maxThreads", "'maxThreads' must be 8..1000");
    }
    if (stopTimeout.isNegative()) {
      throw new InvalidValueException("stopTimeout", "'stopTimeout' must not be negative");
    }
  }

  /** The defaults (all interfaces, 1 MiB bodies, 10 s graceful stop) on {@code port}. */
  public static WebServerSettings onPort(int port) {
    return new WebServerSettings(
        DEFAULT_HOST, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_STOP_TIMEOUT, DEFAULT_MAX_THREADS);
  }

  public WebServerSettings withHost(String newHost) {
    return new WebServerSettings(newHost, port, maxBodyBytes, stopTimeout, maxThreads);
  }

  public WebServerSettings withMaxBodyBytes(long newMaxBodyBytes) {
    return new WebServerSettings(host, port, newMaxBodyBytes, stopTimeout, maxThreads);
  }

  public WebServerSettings withStopTimeout(Duration newStopTimeout) {
    return new WebServerSettings(host, port, maxBodyBytes, newStopTimeout, maxThreads);
  }
}
