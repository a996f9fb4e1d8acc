package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.Position;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Turns one stream entry into a call of a use case: an event into {@link RelayEventUseCase}, the
 * event carrying the entry id as its position; an entry of the control channel (an instance's
 * audience change, written to the stream so that it is ordered with the events) into {@link
 * ApplyAudienceChangeUseCase}. Drops and counts whatever cannot be relayed, by the same rules as
 * pub/sub messages, and never lets an exception out, so a bad entry never holds up the stream. Used
 * by the reader thread only.
 */
final class StreamEntryHandler {
  private static final Logger log = LoggerFactory.getLogger(StreamEntryHandler.class);

  private final int maxPayloadBytes;
  private final String controlChannel;
  private final RelayEventUseCase events;
  private final RemoteChangeHandler remote;
  private final StreamCounters counters;
  private final StreamEntryParser parser = new StreamEntryParser();
  private final ProgressEventDecoder decoder;
  private Position windowOnlyThrough;

  StreamEntryHandler(
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      RelayEventUseCase events,
      ApplyAudienceChangeUseCase remoteChanges,
      StreamCounters counters) {
    this.maxPayloadBytes = settings.maxPayloadBytes();
    this.controlChannel = settings.controlChannel();
    this.events = events;
    this.remote = new RemoteChangeHandler(nodeId, remoteChanges, counters.missedAnnouncements);
    this.counters = counters;
    this.decoder = new ProgressEventDecoder(settings, new JsonFactory());
  }

  /**
   * The entries up to {@code checkpoint} are read again only to rebuild the resume windows: their
   * events go to the engine as such, and their audience changes, already in storage, are skipped.
   */
  void windowOnlyThrough(Position checkpoint) {
    this.windowOnlyThrough = checkpoint;
    events.windowOnlyThrough(checkpoint);
  }

  /** The reader begins after {@code start}: nothing before it reaches the engine. */
  void readingAfter(Position start) {
    events.readingAfter(start);
  }

  /** The reader starts on a new position: control numbers received before tell nothing. */
  void began() {
    remote.forgetNumbers();
  }

  /** Relays the entry's event, or counts why not; returns the entry's position either way. */
  Position handle(StreamEntryBinary entry) {
    long receivedNanos = System.nanoTime();
    Instant receivedAt = Instant.now();
    Position position = StreamEntryParser.positionOf(entry.getID());
    StreamEntryParser.EntryFields fields;
    try {
      fields = parser.parse(entry.getFields());
    } catch (MalformedMessageException e) {
      counters.entries.incrementAndGet(); // without a channel it counts as an event's entry
      counters.malformed.incrementAndGet();
      log.debug("Dropped malformed stream entry {}: {}", position, e.getMessage());
      return position;
    }
    String channel = fields.channel();
    try {
      boolean control = channel.equals(controlChannel);
      (control ? counters.controlEntries : counters.entries).incrementAndGet();
      if (fields.data().length > maxPayloadBytes) {
        counters.oversized.incrementAndGet();
        log.debug(
            "Dropped stream entry {} of {} bytes on {}: over the limit of {} bytes",
            position,
            fields.data().length,
            channel,
            maxPayloadBytes);
        return position;
      }
      if (control) {
        if (windowOnlyThrough == null || position.isAfter(windowOnlyThrough)) {
          remote.apply(fields.data());
        }
        return position;
      }
      var event = decoder.decode(channel, fields.data(), receivedAt, receivedNanos);
      events.relay(event.at(position));
    } catch (MalformedMessageException e) {
      counters.malformed.incrementAndGet();
      log.debug("Dropped malformed stream entry {} on {}: {}", position, channel, e.getMessage());
    } catch (RuntimeException e) {
      counters.handlerFailures.incrementAndGet();
      log.warn("Handling stream entry {} on {} failed; carrying on", position, channel, e);
    }
    return position;
  }
}
