package io.progressrelay.adapter.in.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * What the pub/sub listener subscribes to and how it copes: channel prefixes of upload and user
 * events, the control channel instances announce audience changes on, the largest message it
 * relays, and the bounds of its reconnect backoff.
 */
public record RedisListenerSettings(
    String uploadPrefix,
    String userPrefix,
    String controlChannel,
    int maxPayloadBytes,
    Duration initialBackoff,
    Duration maxBackoff) {
  public static final String DEFAULT_UPLOAD_PREFIX = "upload:";
  public static final String DEFAULT_USER_PREFIX = "user:";
  public static final String DEFAULT_CONTROL_CHANNEL = "progress-relay:control";
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
  private static final int MAX_PAYLOAD_LIMIT = 64 * 1024 * 1024;
  private static final Duration MAX_BACKOFF_LIMIT = Duration.ofMinutes(10);

  public RedisListenerSettings {
    requireName("uploadPrefix", uploadPrefix);
    requireName("userPrefix", userPrefix);
    requireName("controlChannel", controlChannel);
    if (uploadPrefix.startsWith(userPrefix) || userPrefix.startsWith(uploadPrefix)) {
      throw new IllegalArgumentException(
          "'uploadPrefix' and 'userPrefix' must not be prefixes of each other");
    }
    if (controlChannel.startsWith(uploadPrefix) || controlChannel.startsWith(userPrefix)) {
      throw new IllegalArgumentException(
          "'controlChannel' must not start with 'uploadPrefix' or 'userPrefix'");
    }
    if (maxPayloadBytes < 1 || maxPayloadBytes > MAX_PAYLOAD_LIMIT) {
      throw new IllegalArgumentException(
          "'maxPayloadBytes' must be 1.." + MAX_PAYLOAD_LIMIT + ", got " + maxPayloadBytes);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.toMillis() < 1 || maxBackoff.compareTo(MAX_BACKOFF_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "'initialBackoff' must be at least 1ms and 'maxBackoff' at most " + MAX_BACKOFF_LIMIT);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("'maxBackoff' must not be shorter than 'initialBackoff'");
    }
  }

  /**
   * {@code upload:}, {@code user:}, {@code progress-relay:control}, 256 KiB, 100 ms up to 1 s: an
   * attempt a second at most against a Redis that is down costs nothing, while every second the
   * listener is not back after Redis is loses events (docs/redis.md, "Connection loss").
   */
  public static RedisListenerSettings defaults() {
    return new RedisListenerSettings(
        DEFAULT_UPLOAD_PREFIX,
        DEFAULT_USER_PREFIX,
        DEFAULT_CONTROL_CHANNEL,
        DEFAULT_MAX_PAYLOAD_BYTES,
        Duration.ofMillis(100),
        Duration.ofSeconds(1));
  }

  public RedisListenerSettings withPrefixes(String uploadPrefix, String userPrefix) {
    return new RedisListenerSettings(
        uploadPrefix, userPrefix, controlChannel, maxPayloadBytes, initialBackoff, maxBackoff);
  }

  public RedisListenerSettings withControlChannel(String controlChannel) {
    return new RedisListenerSettings(
        uploadPrefix, userPrefix, controlChannel, maxPayloadBytes, initialBackoff, maxBackoff);
  }

  public RedisListenerSettings withMaxPayloadBytes(int maxPayloadBytes) {
    return new RedisListenerSettings(
        uploadPrefix, userPrefix, controlChannel, maxPayloadBytes, initialBackoff, maxBackoff);
  }

  public RedisListenerSettings withBackoff(Duration initialBackoff, Duration maxBackoff) {
    return new RedisListenerSettings(
        uploadPrefix, userPrefix, controlChannel, maxPayloadBytes, initialBackoff, maxBackoff);
  }

  /**
   * The {@code PSUBSCRIBE} patterns: both prefixes followed by {@code *}, and the control channel
   * matched exactly (glob characters in any of them are escaped).
   */
  String[] patterns() {
    return new String[] {
      escapeGlob(uploadPrefix) + "*", escapeGlob(userPrefix) + "*", escapeGlob(controlChannel)
    };
  }

  private static String escapeGlob(String literal) {
    var escaped = new StringBuilder(literal.length() + 4);
    for (char c : literal.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static void requireName(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()
        || value.length() > 200
        || !value.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException(
          "'" + field + "' must be 1..200 printable ASCII characters without spaces");
    }
  }
}
