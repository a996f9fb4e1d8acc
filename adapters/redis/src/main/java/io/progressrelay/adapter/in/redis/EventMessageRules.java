package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The listener's and the stream reader's rules for an event, for those who publish one: the same
 * size limit and the same {@link ProgressEventDecoder}, so what passes here is relayed when read.
 * Thread-safe (a decoder per call: it keeps a UTF-8 decoder).
 */
public final class EventMessageRules {
  /** Why an event would be dropped; {@code tooLarge} when it is over the size limit. */
  public record Violation(boolean tooLarge, String reason) {}

  private final RedisListenerSettings settings;
  private final JsonFactory json = new JsonFactory();

  public EventMessageRules(RedisListenerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Empty when a relay instance would relay {@code message} read on {@code channelName}. */
  public Optional<Violation> check(String channelName, byte[] message) {
    if (message.length > settings.maxPayloadBytes()) {
      return Optional.of(
          new Violation(
              true,
              "the event is "
                  + message.length
                  + " bytes, over the limit of "
                  + settings.maxPayloadBytes()
                  + " bytes (RELAY_MAX_EVENT_BYTES)"));
    }
    try {
      new ProgressEventDecoder(settings, json).decode(channelName, message, Instant.EPOCH, 0);
      return Optional.empty();
    } catch (MalformedMessageException e) {
      return Optional.of(new Violation(false, e.getMessage()));
    }
  }
}
