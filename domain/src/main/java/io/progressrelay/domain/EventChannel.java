package io.progressrelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The Redis channel an event was published on, which decides who receives it: {@code
 * <uploadPrefix>{id}} goes to the upload's subscribers, {@code <userPrefix>{id}} to every
 * connection of that user. Two channels are equal when they address the same upload or user,
 * whatever prefix they were published under.
 */
public sealed interface EventChannel permits EventChannel.Upload, EventChannel.User {
  /** The channel's name as published, such as {@code upload:42} (or {@code relay-a:42}). */
  String name();

  /**
   * The channel's identity without its prefix ({@code upload:42}, {@code user:alice}): it orders
   * and coalesces frames, so an upload's stored latest event, known only by the upload id, lines up
   * with its live ones.
   */
  String key();

  /** The key of an upload's channel, for frames built from storage rather than from Redis. */
  static String keyOf(UploadId uploadId) {
    return "upload:" + uploadId.value();
  }

  /** The key of a user's own channel. */
  static String keyOf(UserId userId) {
    return "user:" + userId.value();
  }

  /** Events of one upload, for its subscribers. */
  final class Upload implements EventChannel {
    private final UploadId uploadId;
    // Both built once per event: they key queues, coalescing and history for every recipient.
    private final String name;
    private final String key;

    /** The channel {@code prefix + uploadId}, as an upload worker publishes it. */
    public Upload(String prefix, UploadId uploadId) {
      this(uploadId, Objects.requireNonNull(prefix, "prefix") + uploadId.value());
    }

    private Upload(UploadId uploadId, String name) {
      this.uploadId = Objects.requireNonNull(uploadId, "uploadId");
      this.name = name;
      this.key = keyOf(uploadId);
    }

    public UploadId uploadId() {
      return uploadId;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Upload upload && upload.uploadId.equals(uploadId);
    }

    @Override
    public int hashCode() {
      return uploadId.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Events for one user (batch and file progress), for all of that user's connections. */
  final class User implements EventChannel {
    private final UserId userId;
    private final String name;
    private final String key;

    /** The channel {@code prefix + userId}, as an upload worker publishes it. */
    public User(String prefix, UserId userId) {
      this(userId, Objects.requireNonNull(prefix, "prefix") + userId.value());
    }

    private User(UserId userId, String name) {
      this.userId = Objects.requireNonNull(userId, "userId");
      this.name = name;
      this.key = EventChannel.keyOf(userId);
    }

    public UserId userId() {
      return userId;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof User user && user.userId.equals(userId);
    }

    @Override
    public int hashCode() {
      return userId.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Reads a channel name such as {@code upload:42} or {@code user:alice} under the given prefixes,
   * keeping {@code name} as the channel's name; empty when the name has neither prefix or an
   * invalid id.
   */
  static Optional<EventChannel> parse(String uploadPrefix, String userPrefix, String name) {
    try {
      if (name.startsWith(uploadPrefix)) {
        return Optional.of(new Upload(new UploadId(name.substring(uploadPrefix.length())), name));
      }
      if (name.startsWith(userPrefix)) {
        return Optional.of(new User(new UserId(name.substring(userPrefix.length())), name));
      }
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
