package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XTrimParams;

/**
 * A stream key and channel prefixes unique to one test on a given Redis server, with an upload
 * worker's {@code XADD} and a reader on them.
 */
final class TestStream {
  final RedisSettings redis;
  final TestChannels channels = TestChannels.unique();
  final String key = "t" + UUID.randomUUID().toString().substring(0, 8) + ":events";
  final RedisNodeId node = RedisNodeId.random();

  TestStream(RedisSettings redis) {
    this.redis = redis;
  }

  RedisStreamSettings settings() {
    return RedisStreamSettings.defaults().withStreamKey(key).withBlock(Duration.ofMillis(200));
  }

  RedisStreamReader reader(StreamCheckpoints checkpoints) {
    return reader(settings(), checkpoints);
  }

  RedisStreamReader reader(RedisStreamSettings settings, StreamCheckpoints checkpoints) {
    return new RedisStreamReader(
        redis,
        settings,
        channels.settings().withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)),
        checkpoints,
        node,
        ceiling -> ceiling);
  }

  /** Adds an entry as a worker would, with a {@code channel} and a {@code data} field. */
  Position add(String channel, String data) {
    return add(Map.of("channel", channel, "data", data), StreamEntryID.NEW_ENTRY);
  }

  /** Adds an entry with exactly {@code fields}, under {@code id} (NEW_ENTRY for {@code *}). */
  Position add(Map<String, String> fields, StreamEntryID id) {
    Map<byte[], byte[]> raw = new LinkedHashMap<>();
    fields.forEach(
        (name, value) ->
            raw.put(name.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
    return addRaw(raw, id);
  }

  Position addRaw(Map<byte[], byte[]> fields, StreamEntryID id) {
    try (Jedis jedis = redis.connect("test-worker")) {
      byte[] added =
          jedis.xadd(key.getBytes(StandardCharsets.UTF_8), XAddParams.xAddParams().id(id), fields);
      return Position.parse(new String(added, StandardCharsets.US_ASCII)).orElseThrow();
    }
  }

  /** The server's clock in milliseconds, which {@code *} ids are made of. */
  long serverMillis() {
    try (Jedis jedis = redis.connect("test-worker")) {
      var time = jedis.time();
      return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }
  }

  void trimTo(int maxLength) {
    try (Jedis jedis = redis.connect("test-worker")) {
      jedis.xtrim(key, XTrimParams.xTrimParams().maxLen(maxLength));
    }
  }

  void delete() {
    try (Jedis jedis = redis.connect("test-worker")) {
      jedis.del(key);
    }
  }

  static String event(String action, int percent) {
    return "{\"action\":\"" + action + "\",\"payload\":{\"percent\":" + percent + "}}";
  }
}
