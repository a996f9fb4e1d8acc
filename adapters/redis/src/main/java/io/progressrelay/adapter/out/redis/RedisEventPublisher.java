package io.progressrelay.adapter.out.redis;

import io.progressrelay.adapter.in.redis.EventMessageRules;
import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.application.port.out.publish.EventPublisher;
import io.progressrelay.application.port.out.publish.InvalidEventException;
import io.progressrelay.application.port.out.publish.PublishUnavailableException;
import io.progressrelay.domain.EventChannel;
import io.progressrelay.domain.OutgoingEvent;
import io.progressrelay.domain.PublishedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * Publishes events as upload workers do: {@code PUBLISH <channel> <json>} in pub/sub mode, {@code
 * XADD <stream> MAXLEN ~ 1000000 * channel <channel> data <json>} in streams mode, with the
 * configured channel prefixes. A request's events go in one {@code MULTI}/{@code EXEC}, so Redis
 * runs them in order, with nothing between them, all or none. Connects lazily, so Redis may be down
 * at start-up. Thread-safe.
 */
public final class RedisEventPublisher implements EventPublisher, AutoCloseable {
  private final UnifiedJedis pool; // null: sharded pub/sub on a cluster
  private final JedisCluster cluster; // null: one server
  private final String server;
  private final RedisListenerSettings channels;
  private final EventMessageRules rules;
  private final byte[] streamKey; // null: pub/sub mode

  private RedisEventPublisher(
      RedisSettings redis, RedisListenerSettings channels, String streamKey) {
    this.pool = RedisPools.open(redis, "progress-relay-http-publisher");
    this.cluster = null;
    this.server = redis.describe();
    this.channels = Objects.requireNonNull(channels, "channels");
    this.rules = new EventMessageRules(channels);
    this.streamKey = streamKey == null ? null : streamKey.getBytes(StandardCharsets.UTF_8);
  }

  private RedisEventPublisher(RedisClusterSettings cluster, RedisListenerSettings channels) {
    this.pool = null;
    this.cluster = cluster.open("progress-relay-http-publisher");
    this.server = cluster.describe();
    this.channels = Objects.requireNonNull(channels, "channels");
    this.rules = new EventMessageRules(channels);
    this.streamKey = null;
  }

  /**
   * Publishes with {@code SPUBLISH} on a Redis Cluster's sharded channels named by {@code
   * channels}' prefixes, one event after the other in order (a request's channels may live on
   * several masters, so there is no {@code MULTI}: an error part way leaves the earlier ones
   * published).
   */
  public static RedisEventPublisher toShardedChannels(
      RedisClusterSettings cluster, RedisListenerSettings channels) {
    return new RedisEventPublisher(cluster, channels);
  }

  /** Publishes on the pub/sub channels named by {@code channels}' prefixes. */
  public static RedisEventPublisher toChannels(
      RedisSettings redis, RedisListenerSettings channels) {
    return new RedisEventPublisher(redis, channels, null);
  }

  /** Appends to the stream {@code streamKey}, with the channels named by {@code channels}. */
  public static RedisEventPublisher toStream(
      RedisSettings redis, RedisListenerSettings channels, String streamKey) {
    return new RedisEventPublisher(redis, channels, Objects.requireNonNull(streamKey, "streamKey"));
  }

  @Override
  public void validate(List<OutgoingEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      OutgoingEvent event = events.get(i);
      var violation = rules.check(channelName(event.channel()), event.data());
      if (violation.isPresent()) {
        throw new InvalidEventException(i, violation.get().tooLarge(), violation.get().reason());
      }
    }
  }

  @Override
  public List<PublishedEvent> publish(List<OutgoingEvent> events) {
    validate(events);
    List<String> names = events.stream().map(e -> channelName(e.channel())).toList();
    if (cluster != null) {
      return publishSharded(events, names);
    }
    try (AbstractTransaction transaction = pool.multi()) {
      List<Response<?>> answers = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        byte[] channel = names.get(i).getBytes(StandardCharsets.UTF_8);
        byte[] data = events.get(i).data();
        answers.add(
            streamKey == null
                ? transaction.publish(channel, data)
                : transaction.xadd(
                    streamKey,
                    XAddParams.xAddParams()
                        .maxLen(RedisChannelPublisher.STREAM_MAX_LENGTH)
                        .approximateTrimming(),
                    Map.of(
                        "channel".getBytes(StandardCharsets.US_ASCII),
                        channel,
                        "data".getBytes(StandardCharsets.US_ASCII),
                        data)));
      }
      transaction.exec();
      List<PublishedEvent> published = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        published.add(answer(names.get(i), answers.get(i).get()));
      }
      return published;
    } catch (JedisException e) {
      throw new PublishUnavailableException(
          "cannot publish on Redis at " + server + ": " + e.getMessage(), e);
    }
  }

  private List<PublishedEvent> publishSharded(List<OutgoingEvent> events, List<String> names) {
    List<PublishedEvent> published = new ArrayList<>(events.size());
    try {
      for (int i = 0; i < events.size(); i++) {
        long receivers =
            cluster.spublish(names.get(i).getBytes(StandardCharsets.UTF_8), events.get(i).data());
        published.add(PublishedEvent.published(names.get(i), receivers));
      }
      return published;
    } catch (JedisException e) {
      throw new PublishUnavailableException(
          "cannot publish on "
              + server
              + " (after "
              + published.size()
              + " of "
              + events.size()
              + " events): "
              + e.getMessage(),
          e);
    }
  }

  private static PublishedEvent answer(String channel, Object reply) {
    if (reply instanceof Long receivers) {
      return PublishedEvent.published(channel, receivers);
    }
    if (reply instanceof byte[] id) {
      return PublishedEvent.appended(channel, new String(id, StandardCharsets.US_ASCII));
    }
    if (reply instanceof StreamEntryID id) {
      return PublishedEvent.appended(channel, id.toString());
    }
    throw new IllegalStateException("unexpected reply from Redis: " + reply);
  }

  private String channelName(EventChannel channel) {
    if (channel instanceof EventChannel.Upload upload) {
      return channels.uploadPrefix() + upload.uploadId().value();
    }
    return channels.userPrefix() + ((EventChannel.User) channel).userId().value();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
