package io.progressrelay.demo.simulator;

import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.out.redis.RedisChannelPublisher;
import io.progressrelay.domain.EventChannel;
import java.util.Optional;

/**
 * Publishes events on Redis exactly as upload workers do: {@code PUBLISH upload:{id} <json>} and
 * {@code PUBLISH user:{id} <json>}, with the relay's configured channel prefixes, or in streams
 * mode {@code XADD <stream> MAXLEN ~ 1000000 * channel upload:{id} data <json>}. Use it from one
 * thread.
 */
public final class RedisEventPublisher implements EventPublisher, AutoCloseable {
  private final RedisChannelPublisher redis;
  private final String uploadPrefix;
  private final String userPrefix;
  private final Optional<String> streamKey;

  /** Publishes on pub/sub channels. */
  public RedisEventPublisher(RedisChannelPublisher redis, RedisListenerSettings channels) {
    this(redis, channels, Optional.empty());
  }

  /** Appends to the stream {@code streamKey} when present, else publishes on channels. */
  public RedisEventPublisher(
      RedisChannelPublisher redis, RedisListenerSettings channels, Optional<String> streamKey) {
    this.redis = redis;
    this.uploadPrefix = channels.uploadPrefix();
    this.userPrefix = channels.userPrefix();
    this.streamKey = streamKey;
  }

  @Override
  public void publish(WorkerEvent event) {
    String channel = channelName(event.channel());
    if (streamKey.isPresent()) {
      redis.appendToStream(streamKey.get(), channel, event.json());
    } else {
      redis.publish(channel, event.json());
    }
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
