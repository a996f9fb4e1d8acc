package io.progressrelay.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The Redis channel an event was published on, which decides who receives it: {@code upload:{id}}
 * goes to the upload's subscribers, {@code user:{id}} to every connection of that user.
 */
public sealed interface EventChannel permits EventChannel.Upload, EventChannel.User {
  /** The channel's name as published, such as {@code upload:42}. */
  String name();

  /** Events of one upload, for its subscribers. */
  final class Upload implements EventChannel {
    private final UploadId uploadId;
    private final String name; // built once: it keys queues and history on every event

    public Upload(UploadId uploadId) {
      this.uploadId = Objects.requireNonNull(uploadId, "uploadId");
      this.name = "upload:" + uploadId.value();
    }

    public UploadId uploadId() {
      return uploadId;
    }

    @Override
    public String name() {
      return name;
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

    public User(UserId userId) {
      this.userId = Objects.requireNonNull(userId, "userId");
      this.name = "user:" + userId.value();
    }

    public UserId userId() {
      return userId;
    }

    @Override
    public String name() {
      return name;
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
   * Reads a channel name such as {@code upload:42} or {@code user:alice}; empty when the name has
   * neither prefix or an invalid id.
   */
  static Optional<EventChannel> parse(String uploadPrefix, String userPrefix, String name) {
    try {
      if (name.startsWith(uploadPrefix)) {
        return Optional.of(new Upload(new UploadId(name.substring(uploadPrefix.length()))));
      }
      if (name.startsWith(userPrefix)) {
        return Optional.of(new User(new UserId(name.substring(userPrefix.length()))));
      }
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
