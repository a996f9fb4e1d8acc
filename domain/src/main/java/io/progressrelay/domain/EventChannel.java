package io.progressrelay.domain;

import java.util.Optional;

/**
 * The Redis channel an event was published on, which decides who receives it: {@code upload:{id}}
 * goes to the upload's subscribers, {@code user:{id}} to every connection of that user.
 */
public sealed interface EventChannel permits EventChannel.Upload, EventChannel.User {
  /** The channel's name as published, such as {@code upload:42}. */
  String name();

  /** Events of one upload, for its subscribers. */
  record Upload(UploadId uploadId) implements EventChannel {
    @Override
    public String name() {
      return "upload:" + uploadId.value();
    }
  }

  /** Events for one user (batch and file progress), for all of that user's connections. */
  record User(UserId userId) implements EventChannel {
    @Override
    public String name() {
      return "user:" + userId.value();
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
