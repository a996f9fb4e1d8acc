package io.progressrelay.bootstrap.backends;

import io.progressrelay.adapter.in.redis.RedisClusterListener;
import io.progressrelay.adapter.in.redis.RedisListenerReadinessCheck;
import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.adapter.in.redis.RedisStreamReader;
import io.progressrelay.adapter.in.redis.RedisStreamReadinessCheck;
import io.progressrelay.adapter.in.redis.StreamCheckpointSaver;
import io.progressrelay.adapter.out.postgres.PostgresDatabase;
import io.progressrelay.adapter.out.postgres.PostgresDeliveryHistory;
import io.progressrelay.adapter.out.postgres.PostgresGrantRepository;
import io.progressrelay.adapter.out.postgres.PostgresStreamCheckpoints;
import io.progressrelay.adapter.out.postgres.PostgresSubscriberDirectory;
import io.progressrelay.adapter.out.postgres.PostgresSubscriptionRepository;
import io.progressrelay.adapter.out.postgres.PostgresUploadRepository;
import io.progressrelay.adapter.out.redis.ClusterChannelInterest;
import io.progressrelay.adapter.out.redis.RedisAudienceChangePublisher;
import io.progressrelay.adapter.out.redis.RedisChannelInterest;
import io.progressrelay.adapter.out.redis.RedisClusterReadinessCheck;
import io.progressrelay.adapter.out.redis.RedisClusterSettings;
import io.progressrelay.adapter.out.redis.RedisEventPublisher;
import io.progressrelay.adapter.out.redis.RedisIdempotencyStore;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisReadinessCheck;
import io.progressrelay.application.port.out.ChannelInterest;
import io.progressrelay.bootstrap.config.AppConfig;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The production adapters: storage in PostgreSQL; events and announcements of audience changes over
 * Redis pub/sub, or both in a Redis stream (streams mode).
 */
public final class PostgresRedisBackends implements Backends {
  private final RedisNodeId nodeId = RedisNodeId.random();

  @Override
  public String instanceId() {
    return nodeId.value();
  }

  @Override
  public Storage openStorage(AppConfig config) {
    PostgresDatabase database = PostgresDatabase.open(config.database());
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    Jdbi jdbi = database.jdbi();
    var history = new PostgresDeliveryHistory(jdbi);
    return new Storage(
        new PostgresUploadRepository(jdbi),
        new PostgresGrantRepository(jdbi),
        new PostgresSubscriptionRepository(jdbi),
        new PostgresSubscriberDirectory(jdbi),
        history,
        history,
        new PostgresStreamCheckpoints(jdbi),
        database.readinessChecks(),
        database);
  }

  @Override
  public EventBus openEventBus(AppConfig config, Storage storage) {
    if (config.ingest().streams()) {
      return streamBus(config, storage);
    }
    if (config.ingest().cluster()) {
      return clusterBus(config);
    }
    var announcer =
        new RedisAudienceChangePublisher(
            config.redis(), config.redisListener().controlChannel(), nodeId);
    var listenerSettings = config.redisListener();
    RedisChannelInterest interest =
        config.ingest().interest()
            ? new RedisChannelInterest(
                listenerSettings.uploadPrefix(), listenerSettings.userPrefix())
            : null;
    var listener =
        interest == null
            ? new RedisProgressListener(config.redis(), listenerSettings, nodeId)
            : new RedisProgressListener(config.redis(), listenerSettings, nodeId, interest);
    var publisher = RedisEventPublisher.toChannels(config.redis(), config.redisListener());
    var keys = new RedisIdempotencyStore(config.redis(), RedisIdempotencyStore.DEFAULT_PREFIX);
    return new EventBus(
        new RedisEvents(listener),
        announcer,
        List.of(new RedisReadinessCheck(config.redis()), new RedisListenerReadinessCheck(listener)),
        announcer,
        publisher,
        keys,
        () -> closeAll(publisher, keys, interest),
        interest == null ? ChannelInterest.EVERYTHING : interest);
  }

  private static void closeAll(
      RedisEventPublisher publisher, RedisIdempotencyStore keys, AutoCloseable interest) {
    try (keys) {
      publisher.close();
    } finally {
      if (interest != null) {
        try {
          interest.close();
        } catch (Exception e) {
          throw new IllegalStateException("could not close the channel interest", e);
        }
      }
    }
  }

  // Sharded pub/sub: workers, the HTTP publish API and the announcer SPUBLISH; every master with a
  // wanted channel gets a connection (docs/redis.md, "Redis Cluster").
  private EventBus clusterBus(AppConfig config) {
    var cluster = new RedisClusterSettings(config.redis(), config.ingest().clusterNodes());
    var listenerSettings = config.redisListener();
    var announcer =
        RedisAudienceChangePublisher.toShardedChannel(
            cluster, listenerSettings.controlChannel(), nodeId);
    var interest =
        new ClusterChannelInterest(
            listenerSettings.uploadPrefix(),
            listenerSettings.userPrefix(),
            listenerSettings.controlChannel());
    var listener = new RedisClusterListener(cluster, listenerSettings, nodeId, interest);
    var publisher = RedisEventPublisher.toShardedChannels(cluster, listenerSettings);
    var keys = new RedisIdempotencyStore(cluster, RedisIdempotencyStore.DEFAULT_PREFIX);
    return new EventBus(
        new RedisClusterEvents(listener),
        announcer,
        List.of(new RedisClusterReadinessCheck(cluster), new RedisListenerReadinessCheck(listener)),
        announcer,
        publisher,
        keys,
        () -> closeAll(publisher, keys, interest),
        interest);
  }

  // Events and the instances' audience changes both travel in the stream, so every reader applies a
  // change before the events written after it (docs/redis.md, "Streams mode").
  private EventBus streamBus(AppConfig config, Storage storage) {
    var stream = config.ingest().stream();
    var announcer =
        RedisAudienceChangePublisher.toStream(
            config.redis(), config.redisListener().controlChannel(), nodeId, stream.streamKey());
    var reader =
        new RedisStreamReader(
            config.redis(), stream, config.redisListener(), storage.streamCheckpoints(), nodeId);
    var checkpoints =
        new StreamCheckpointSaver(
            storage.streamCheckpoints(),
            stream.streamKey(),
            StreamCheckpointSaver.DEFAULT_INTERVAL);
    var publisher =
        RedisEventPublisher.toStream(config.redis(), config.redisListener(), stream.streamKey());
    var keys = new RedisIdempotencyStore(config.redis(), RedisIdempotencyStore.DEFAULT_PREFIX);
    return new EventBus(
        new RedisStreamEvents(reader, checkpoints),
        announcer,
        List.of(new RedisReadinessCheck(config.redis()), new RedisStreamReadinessCheck(reader)),
        announcer,
        publisher,
        keys,
        () -> closeAll(publisher, keys, null),
        ChannelInterest.EVERYTHING);
  }
}
