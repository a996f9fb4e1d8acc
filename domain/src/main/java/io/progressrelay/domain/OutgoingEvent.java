package io.progressrelay.domain;

import java.util.Objects;

/**
 * One event to publish as an upload worker would: its channel (the prefix it carries is ignored;
 * the publisher uses the configured one) and its JSON exactly as it is to reach subscribers.
 */
public record OutgoingEvent(EventChannel channel, byte[] data) {
  public OutgoingEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(data, "data");
  }
}
