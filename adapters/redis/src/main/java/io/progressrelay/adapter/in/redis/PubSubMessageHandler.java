package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.out.redis.ControlChannelCopies;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one pub/sub message into a call of a use case: an event into {@link RelayEventUseCase}, an
 * audience change from another instance into {@link ApplyAudienceChangeUseCase}. Drops and counts
 * whatever cannot be relayed, and never lets an exception out. Used by the listener thread only.
 */
final class PubSubMessageHandler {
  private static final Logger log = LoggerFactory.getLogger(PubSubMessageHandler.class);

  private final RedisListenerSettings settings;
  private final ControlChannelCopies controlChannels;
  private final RelayEventUseCase events;
  private final ListenerCounters counters;
  private final ProgressEventDecoder decoder;
  private final RemoteChangeHandler remote;

  PubSubMessageHandler(
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      RelayEventUseCase events,
      ApplyAudienceChangeUseCase remoteChanges,
      ListenerCounters counters) {
    this.settings = settings;
    this.controlChannels = new ControlChannelCopies(settings.controlChannel());
    this.events = events;
    this.counters = counters;
    this.decoder = new ProgressEventDecoder(settings, new JsonFactory());
    this.remote = new RemoteChangeHandler(nodeId, remoteChanges, counters.missedAnnouncements);
  }

  void handle(byte[] channel, byte[] message) {
    long receivedNanos = System.nanoTime();
    Instant receivedAt = Instant.now();
    boolean control = controlChannels.isControl(channel); // on a cluster, or one of its copies
    (control ? counters.controlMessages : counters.received).incrementAndGet();
    String channelName = new String(channel, StandardCharsets.UTF_8);
    if (message.length > settings.maxPayloadBytes()) {
      counters.oversized.incrementAndGet();
      log.debug(
          "Dropped a message of {} bytes on {}: over the limit of {} bytes",
          message.length,
          channelName,
          settings.maxPayloadBytes());
      return;
    }
    try {
      if (control) {
        remote.apply(message);
      } else {
        relayEvent(channelName, message, receivedAt, receivedNanos);
      }
    } catch (MalformedMessageException e) {
      counters.malformed.incrementAndGet();
      if (log.isDebugEnabled()) {
        log.debug(
            "Dropped a malformed message on {} ({}): {}",
            channelName,
            e.getMessage(),
            ProgressEventDecoder.excerpt(message));
      }
    } catch (RuntimeException e) {
      counters.handlerFailures.incrementAndGet();
      log.warn("Handling a message on {} failed; carrying on with the next one", channelName, e);
    }
  }

  private void relayEvent(String channelName, byte[] message, Instant receivedAt, long nanos)
      throws MalformedMessageException {
    events.relay(decoder.decode(channelName, message, receivedAt, nanos));
  }

  /**
   * The listener (re)subscribed and its caches were dropped: numbers received before no longer tell
   * anything.
   */
  void subscribed() {
    remote.forgetNumbers();
  }
}
