package io.progressrelay.bootstrap.backends;

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
import io.progressrelay.adapter.out.redis.RedisAudienceChangePublisher;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisReadinessCheck;
import io.progressrelay.bootstrap.config.AppConfig;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The production adapters: storage in PostgreSQL, events over Redis pub/sub or from a Redis stream,
 * announcements over Redis pub/sub.
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
    var announcer =
        new RedisAudienceChangePublisher(
            config.redis(), config.redisListener().controlChannel(), nodeId);
    if (config.ingest().streams()) {
      return streamBus(config, storage, announcer);
    }
    var listener = new RedisProgressListener(config.redis(), config.redisListener(), nodeId);
    return new EventBus(
        new RedisEvents(listener),
        announcer,
        List.of(new RedisReadinessCheck(config.redis()), new RedisListenerReadinessCheck(listener)),
        announcer);
  }

  // Events from the stream; pub/sub still carries the other instances' audience changes.
  private EventBus streamBus(
      AppConfig config, Storage storage, RedisAudienceChangePublisher announcer) {
    var listener =
        new RedisProgressListener(
            config.redis(), config.redisListener().controlChannelOnly(), nodeId);
    var stream = config.ingest().stream();
    var reader =
        new RedisStreamReader(
            config.redis(),
            stream,
            config.redisListener(),
            storage.streamCheckpoints(),
            nodeId.value());
    var checkpoints =
        new StreamCheckpointSaver(
            storage.streamCheckpoints(),
            stream.streamKey(),
            StreamCheckpointSaver.DEFAULT_INTERVAL);
    return new EventBus(
        new RedisStreamEvents(listener, reader, checkpoints),
        announcer,
        List.of(
            new RedisReadinessCheck(config.redis()),
            new RedisListenerReadinessCheck(listener),
            new RedisStreamReadinessCheck(reader)),
        announcer);
  }
}
