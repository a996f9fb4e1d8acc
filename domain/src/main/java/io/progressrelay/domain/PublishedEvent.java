package io.progressrelay.domain;

import java.util.Objects;

/**
 * What Redis answered for one published event: the channel name it went to, and either the stream
 * entry id (streams mode; {@code receivers} is -1) or how many Redis subscribers, that is relay
 * instances, received it (pub/sub mode; {@code entryId} is null).
 */
public record PublishedEvent(String channel, String entryId, long receivers) {
  public PublishedEvent {
    Objects.requireNonNull(channel, "channel");
  }

  public static PublishedEvent appended(String channel, String entryId) {
    return new PublishedEvent(channel, Objects.requireNonNull(entryId, "entryId"), -1);
  }

  public static PublishedEvent published(String channel, long receivers) {
    return new PublishedEvent(channel, null, receivers);
  }
}
