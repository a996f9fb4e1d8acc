package io.progressrelay.adapter.in.redis;

import io.progressrelay.domain.Position;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * The few stream commands the reader sends, on its one connection. {@code XREAD} is sent as a plain
 * command rather than through Jedis's blocking call, which would lift the socket timeout: here the
 * connection keeps a timeout longer than the block, so a connection that died silently is noticed.
 */
final class StreamCommands {
  private final Jedis jedis;
  private final String key;
  private final byte[] keyBytes;

  StreamCommands(Jedis jedis, String key) {
    this.jedis = jedis;
    this.key = key;
    this.keyBytes = key.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code XREAD COUNT count BLOCK blockMillis STREAMS key after}: up to {@code count} entries
   * after {@code after}, in order, waiting up to {@code blockMillis} for one; empty when none came.
   */
  List<StreamEntryBinary> readAfter(Position after, int count, long blockMillis) {
    Object reply =
        jedis.sendCommand(
            Protocol.Command.XREAD,
            bytes("COUNT"),
            bytes(Integer.toString(count)),
            bytes("BLOCK"),
            bytes(Long.toString(blockMillis)),
            bytes("STREAMS"),
            keyBytes,
            bytes(after.toString()));
    if (reply == null) {
      return List.of();
    }
    List<Map.Entry<byte[], List<StreamEntryBinary>>> streams =
        BuilderFactory.STREAM_READ_BINARY_RESPONSE.build(reply);
    if (streams == null || streams.isEmpty() || streams.get(0).getValue() == null) {
      return List.of();
    }
    return streams.get(0).getValue();
  }

  /** The id of the stream's last entry; empty when the stream is empty or does not exist. */
  Optional<Position> lastEntry() {
    return idOf(jedis.xrevrange(key, "+", "-", 1));
  }

  /** The id of the stream's first entry; empty when the stream is empty or does not exist. */
  Optional<Position> firstEntry() {
    return idOf(jedis.xrange(key, "-", "+", 1));
  }

  /** Whether the entry {@code id} is still in the stream (not trimmed or deleted). */
  boolean contains(Position id) {
    return !jedis.xrange(key, id.toString(), id.toString(), 1).isEmpty();
  }

  /** The server's clock, in milliseconds since the epoch: the clock entry ids are made of. */
  long serverMillis() {
    List<String> time = jedis.time();
    return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
  }

  private static Optional<Position> idOf(List<StreamEntry> entries) {
    if (entries == null || entries.isEmpty()) {
      return Optional.empty();
    }
    var id = entries.get(0).getID();
    return Optional.of(Position.streamEntry(id.getTime(), id.getSequence()));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
