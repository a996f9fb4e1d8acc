package io.progressrelay.adapter.in.web.socket;

import io.progressrelay.domain.InvalidValueException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the WebSocket endpoint treats its clients: how long they may take to authenticate, how often
 * they are pinged, when a silent one is dropped, how much it accepts from them, which browser
 * origins may connect, and how long a stop waits for closing sockets.
 *
 * @param authTimeout how long a client without an upgrade token has to send its auth frame
 * @param pingInterval how often the server sends {@code {"action":"ping"}}
 * @param idleTimeout a connection that sent no frame of any kind for this long is closed (1001)
 * @param maxTextFrameBytes the largest inbound message in bytes (text or binary, over all its
 *     fragments); larger ones close the socket with 1009
 * @param framesPerSecond the sustained inbound frame rate per connection; every frame counts,
 *     fragments and control frames included
 * @param frameBurst how many frames a connection may send at once above that rate
 * @param allowedOrigins browser origins ({@code https://app.example.com}) that may connect; empty
 *     allows every origin
 * @param closeGrace how long a stop waits for sockets to finish their close handshake
 */
public record WebSocketSettings(
    Duration authTimeout,
    Duration pingInterval,
    Duration idleTimeout,
    int maxTextFrameBytes,
    int framesPerSecond,
    int frameBurst,
    Set<String> allowedOrigins,
    Duration closeGrace) {
  public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);
  public static final int DEFAULT_MAX_TEXT_FRAME_BYTES = 4 * 1024;
  public static final int DEFAULT_FRAMES_PER_SECOND = 20;
  public static final int DEFAULT_FRAME_BURST = 50;
  public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(2);

  public WebSocketSettings {
    requirePositive("authTimeout", authTimeout);
    requirePositive("pingInterval", pingInterval);
    requirePositive("idleTimeout", idleTimeout);
    Objects.requireNonNull(closeGrace, "closeGrace");
    if (closeGrace.isNegative()) {
      throw new InvalidValueException("closeGrace", "'closeGrace' must not be negative");
    }
    if (maxTextFrameBytes < 64) {
      // The auth frame alone carries a JWT; anything smaller could never authenticate.
      throw new InvalidValueException(
          "maxTextFrameBytes", "'maxTextFrameBytes' must be at least 64");
    }
    if (framesPerSecond < 1) {
      throw new InvalidValueException("framesPerSecond", "'framesPerSecond' must be positive");
    }
    if (frameBurst < 1) {
      throw new InvalidValueException("frameBurst", "'frameBurst' must be positive");
    }
    allowedOrigins = normalized(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
  }

  /** The documented defaults: 5 s auth, 30 s ping, 75 s idle, 4 KiB, 20/s burst 50, any origin. */
  public static WebSocketSettings defaults() {
    return new WebSocketSettings(
        DEFAULT_AUTH_TIMEOUT,
        DEFAULT_PING_INTERVAL,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_TEXT_FRAME_BYTES,
        DEFAULT_FRAMES_PER_SECOND,
        DEFAULT_FRAME_BURST,
        Set.of(),
        DEFAULT_CLOSE_GRACE);
  }

  /** True when {@code origin} may open a socket; a request without an Origin header always may. */
  public boolean allowsOrigin(String origin) {
    return allowedOrigins.isEmpty() || origin == null || allowedOrigins.contains(normalize(origin));
  }

  public WebSocketSettings withAuthTimeout(Duration value) {
    return new WebSocketSettings(
        value,
        pingInterval,
        idleTimeout,
        maxTextFrameBytes,
        framesPerSecond,
        frameBurst,
        allowedOrigins,
        closeGrace);
  }

  public WebSocketSettings withPingInterval(Duration value) {
    return new WebSocketSettings(
        authTimeout,
        value,
        idleTimeout,
        maxTextFrameBytes,
        framesPerSecond,
        frameBurst,
        allowedOrigins,
        closeGrace);
  }

  public WebSocketSettings withIdleTimeout(Duration value) {
    return new WebSocketSettings(
        authTimeout,
        pingInterval,
        value,
        maxTextFrameBytes,
        framesPerSecond,
        frameBurst,
        allowedOrigins,
        closeGrace);
  }

  public WebSocketSettings withMaxTextFrameBytes(int value) {
    return new WebSocketSettings(
        authTimeout,
        pingInterval,
        idleTimeout,
        value,
        framesPerSecond,
        frameBurst,
        allowedOrigins,
        closeGrace);
  }

  public WebSocketSettings withRateLimit(int newFramesPerSecond, int newFrameBurst) {
    return new WebSocketSettings(
        authTimeout,
        pingInterval,
        idleTimeout,
        maxTextFrameBytes,
        newFramesPerSecond,
        newFrameBurst,
        allowedOrigins,
        closeGrace);
  }

  public WebSocketSettings withAllowedOrigins(Set<String> value) {
    return new WebSocketSettings(
        authTimeout,
        pingInterval,
        idleTimeout,
        maxTextFrameBytes,
        framesPerSecond,
        frameBurst,
        value,
        closeGrace);
  }

  public WebSocketSettings withCloseGrace(Duration value) {
    return new WebSocketSettings(
        authTimeout,
        pingInterval,
        idleTimeout,
        maxTextFrameBytes,
        framesPerSecond,
        frameBurst,
        allowedOrigins,
        value);
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidValueException(field, "'" + field + "' must be positive");
    }
  }

  private static Set<String> normalized(Set<String> origins) {
    for (String origin : origins) {
      if (origin == null || origin.isBlank()) {
        throw new InvalidValueException(
            "allowedOrigins", "'allowedOrigins' must not contain blank entries");
      }
    }
    return origins.stream()
        .map(WebSocketSettings::normalize)
        .collect(Collectors.toUnmodifiableSet());
  }

  // Browsers send scheme://host[:port] in lower case; configured values may carry a trailing slash.
  private static String normalize(String origin) {
    String trimmed = origin.strip().toLowerCase(Locale.ROOT);
    return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }
}
