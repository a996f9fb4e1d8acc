package io.progressrelay.adapter.in.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.domain.Position;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Turns one stream entry into a call of {@link RelayEventUseCase}, the event carrying the entry id
 * as its position; drops and counts whatever cannot be relayed, by the same rules as pub/sub
 * messages, and never lets an exception out, so a bad entry never holds up the stream. Used by the
 * reader thread only.
 */
final class StreamEntryHandler {
  private static final Logger log = LoggerFactory.getLogger(StreamEntryHandler.class);

  private final int maxPayloadBytes;
  private final RelayEventUseCase events;
  private final StreamCounters counters;
  private final StreamEntryParser parser = new StreamEntryParser();
  private final ProgressEventDecoder decoder;

  StreamEntryHandler(
      RedisListenerSettings settings, RelayEventUseCase events, StreamCounters counters) {
    this.maxPayloadBytes = settings.maxPayloadBytes();
    this.events = events;
    this.counters = counters;
    this.decoder = new ProgressEventDecoder(settings, new JsonFactory());
  }

  /** Relays the entry's event, or counts why not; returns the entry's position either way. */
  Position handle(StreamEntryBinary entry) {
    long receivedNanos = System.nanoTime();
    Instant receivedAt = Instant.now();
    Position position = StreamEntryParser.positionOf(entry.getID());
    counters.entries.incrementAndGet();
    String channel = "?";
    try {
      var fields = parser.parse(entry.getFields());
      channel = fields.channel();
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
