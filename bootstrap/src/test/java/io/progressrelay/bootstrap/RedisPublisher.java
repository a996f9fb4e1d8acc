package io.progressrelay.bootstrap;

import io.progressrelay.adapter.out.redis.TestChannels;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** Publishes on a relay's Redis and channels as an upload worker would. */
final class RedisPublisher implements AutoCloseable {
  private final Jedis jedis;
  private final TestChannels channels;

  RedisPublisher(URI redis, TestChannels channels) {
    this.jedis = new Jedis(redis);
    this.channels = channels;
  }

  /** {@code PUBLISH upload:{uploadId}}, with the relay's upload prefix. */
  void publishUpload(String uploadId, String payload) {
    publish(channels.upload(uploadId), payload);
  }

  /**
   * {@code PUBLISH upload:{uploadId}} of one payload per upload, in order, pipelined as a worker
   * fleet starting many uploads at once would publish them.
   */
  void publishEachUpload(List<String> uploadIds, Function<String, String> payloadOf) {
    Pipeline pipeline = jedis.pipelined();
    for (String uploadId : uploadIds) {
      pipeline.publish(channels.upload(uploadId), payloadOf.apply(uploadId));
    }
    pipeline.sync();
  }

  /** {@code PUBLISH user:{userId}}, with the relay's user prefix. */
  void publishUser(String userId, String payload) {
    publish(channels.user(userId), payload);
  }

  /** Publishes on any channel, such as one the relay does not listen to. */
  void publish(String channel, String payload) {
    jedis.publish(channel, payload);
  }

  @Override
  public void close() {
    jedis.close();
  }
}
