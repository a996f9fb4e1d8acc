package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.ProgressEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one pub/sub message into a call of a use case: an event into {@link RelayEventUseCase}, an
 * audience change from another instance into {@link ApplyAudienceChangeUseCase}. Drops and counts
 * whatever cannot be relayed, and never lets an exception out. Used by the listener thread only.
 */
final class PubSubMessageHandler {
  private static final Logger log = LoggerFactory.getLogger(PubSubMessageHandler.class);
  private static final int LOGGED_PAYLOAD_CHARS = 100;

  private final RedisListenerSettings settings;
  private final RedisNodeId nodeId;
  private final byte[] controlChannel;
  private final RelayEventUseCase events;
  private final ApplyAudienceChangeUseCase remoteChanges;
  private final ListenerCounters counters;
  private final ProgressMessageParser eventParser;
  private final ControlMessageCodec controlCodec;
  private final ControlSequences sequences = new ControlSequences();
  // Strict, unlike new String(bytes, UTF_8): a payload that is not valid UTF-8 could not be
  // forwarded byte for byte, so it is malformed rather than silently repaired.
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  PubSubMessageHandler(
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      RelayEventUseCase events,
      ApplyAudienceChangeUseCase remoteChanges,
      ListenerCounters counters) {
    this.settings = settings;
    this.nodeId = nodeId;
    this.controlChannel = settings.controlChannel().getBytes(StandardCharsets.UTF_8);
    this.events = events;
    this.remoteChanges = remoteChanges;
    this.counters = counters;
    var json = new JsonFactory();
    this.eventParser = new ProgressMessageParser(json);
    this.controlCodec = new ControlMessageCodec(json);
  }

  void handle(byte[] channel, byte[] message) {
    long receivedNanos = System.nanoTime();
    Instant receivedAt = Instant.now();
    boolean control = Arrays.equals(channel, controlChannel);
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
        applyRemoteChange(message);
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
            excerpt(message));
      }
    } catch (RuntimeException e) {
      counters.handlerFailures.incrementAndGet();
      log.warn("Handling a message on {} failed; carrying on with the next one", channelName, e);
    }
  }

  private void relayEvent(String channelName, byte[] message, Instant receivedAt, long nanos)
      throws MalformedMessageException {
    Optional<EventChannel> channel =
        EventChannel.parse(settings.uploadPrefix(), settings.userPrefix(), channelName);
    if (channel.isEmpty()) {
      throw new MalformedMessageException("the channel does not name a valid upload or user id");
    }
    var fields = eventParser.parse(message);
    String payload = decodeUtf8(message);
    events.relay(
        ProgressEvent.of(
            channel.get(),
            fields.action(),
            fields.batchId(),
            fields.fileUploadId(),
            payload,
            receivedAt,
            nanos));
  }

  private void applyRemoteChange(byte[] message) throws MalformedMessageException {
    var control = controlCodec.decode(message);
    if (nodeId.value().equals(control.origin())) {
      return; // announced by this instance, whose engine applied it before publishing
    }
    if (control.stamp().isPresent()
        && sequences.missedBefore(control.origin(), control.stamp().get())) {
      // A change of that instance never arrived: every cached audience may be stale.
      counters.missedAnnouncements.incrementAndGet();
      log.info(
          "An audience change announced by instance {} was lost; reloading every route",
          control.origin());
      remoteChanges.resynchronize();
    }
    control.change().ifPresent(remoteChanges::apply);
  }

  /**
   * The listener (re)subscribed and its caches were dropped: numbers received before no longer tell
   * anything.
   */
  void subscribed() {
    sequences.forgetAll();
  }

  private String decodeUtf8(byte[] message) throws MalformedMessageException {
    if (isAscii(message)) {
      return new String(message, StandardCharsets.ISO_8859_1); // compact, no decoder needed
    }
    try {
      return utf8.reset().decode(ByteBuffer.wrap(message)).toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException("not valid UTF-8");
    }
  }

  private static boolean isAscii(byte[] message) {
    for (byte b : message) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static String excerpt(byte[] message) {
    String text = new String(message, 0, Math.min(message.length, 400), StandardCharsets.UTF_8);
    return text.length() <= LOGGED_PAYLOAD_CHARS
        ? text
        : text.substring(0, LOGGED_PAYLOAD_CHARS) + "...";
  }
}
