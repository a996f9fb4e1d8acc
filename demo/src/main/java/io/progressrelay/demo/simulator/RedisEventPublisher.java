package io.progressrelay.demo.simulator;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.out.redis.RedisChannelPublisher;
import io.progressrelay.domain.EventChannel;

/**
 * Publishes events on Redis exactly as upload workers do: {@code PUBLISH upload:{id} <json>} and
 * {@code PUBLISH user:{id} <json>}, with the relay's configured channel prefixes. Use it from one
 * thread.
 */
public final class RedisEventPublisher implements EventPublisher, AutoCloseable {
  private final RedisChannelPublisher redis;
  private final String uploadPrefix;
  private final String userPrefix;

  public RedisEventPublisher(RedisChannelPublisher redis, RedisListenerSettings channels) {
    this.redis = redis;
    this.uploadPrefix = channels.uploadPrefix();
    this.userPrefix = channels.userPrefix();
  }

  @Override
  public void publish(WorkerEvent event) {
    redis.publish(channelName(event.channel()), event.json());
  }

  private String channelName(EventChannel channel) {
    if (channel instanceof EventChannel.Upload upload) {
      return uploadPrefix + upload.uploadId().value();
    }
    return userPrefix + ((EventChannel.User) channel).userId().value();
  }

  @Override
  public void close() {
    redis.close();
  }
}
