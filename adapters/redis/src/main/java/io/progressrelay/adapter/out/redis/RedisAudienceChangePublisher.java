package io.progressrelay.adapter.out.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ControlMessageCodec;
import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.domain.AudienceChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/**
 * Announces committed audience changes to the other relay instances by publishing them on the
 * control channel, tagged with this instance's {@link RedisNodeId}, from a small connection pool.
 *
 * <p>Best effort: the change is already committed in PostgreSQL, so when Redis is down or slow the
 * change is logged at WARN and dropped rather than failing the request. Other instances then keep a
 * stale cached audience for that upload until their cache entry is reloaded; local delivery is
 * unaffected. {@link #changed} and {@link #changedAll} never wait for Redis: changes are published
 * in order from one background thread, and up to {@value #BACKLOG} calls may wait there while Redis
 * is slow; beyond that their changes are dropped and counted. Thread-safe.
 */
public final class RedisAudienceChangePublisher implements AudienceChangeSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisAudienceChangePublisher.class);
  private static final int POOL_SIZE = 2;
  static final int BACKLOG = 10_000;

  private final RedisSettings redis;
  private final RedisNodeId nodeId;
  private final byte[] controlChannel;
  private final ControlMessageCodec codec = new ControlMessageCodec(new JsonFactory());
  private final JedisPooled pool;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  // Each task is an Announcement; one rejected (backlog full, or closed) drops all it carries.
  private final ThreadPoolExecutor announcer =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new ArrayBlockingQueue<>(BACKLOG),
          runnable -> {
            var thread = new Thread(runnable, "redis-announcer");
            thread.setDaemon(true);
            return thread;
          },
          (runnable, executor) -> dropped.addAndGet(((Announcement) runnable).messages().size()));

  /** The messages of one call, published in one go by {@code job}. */
  private record Announcement(List<byte[]> messages, Runnable job) implements Runnable {
    @Override
    public void run() {
      job.run();
    }
  }

  /**
   * A publisher on {@code controlChannel}, which must be the listeners' {@link
   * RedisListenerSettings#controlChannel()}; connects lazily, so Redis may be down at start-up.
   */
  public RedisAudienceChangePublisher(
      RedisSettings redis, String controlChannel, RedisNodeId nodeId) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.controlChannel =
        Objects.requireNonNull(controlChannel, "controlChannel").getBytes(StandardCharsets.UTF_8);
    var poolConfig = new ConnectionPoolConfig();
    poolConfig.setMaxTotal(POOL_SIZE);
    poolConfig.setMaxIdle(POOL_SIZE);
    poolConfig.setMinIdle(0);
    poolConfig.setMaxWait(redis.timeout());
    this.pool =
        new JedisPooled(
            redis.hostAndPort(),
            redis.clientConfig("progress-relay-publisher-" + nodeId.value()),
            poolConfig);
  }

  /** Queues {@code change} for publishing and returns at once (see the class comment). */
  @Override
  public void changed(AudienceChange change) {
    byte[] message = codec.encode(nodeId, change);
    announce(change, List.of(message), () -> pool.publish(controlChannel, message));
  }

  /**
   * Queues {@code changes} for publishing, one message each and in order, in one pipeline, and
   * returns at once: together they take one place in the backlog, so a bulk registration neither
   * crowds out other changes nor waits for Redis's answer to each of its messages.
   */
  @Override
  public void changedAll(List<AudienceChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    List<byte[]> messages = changes.stream().map(change -> codec.encode(nodeId, change)).toList();
    announce(
        changes.get(0),
        messages,
        () -> {
          try (AbstractPipeline pipeline = pool.pipelined()) {
            messages.forEach(message -> pipeline.publish(controlChannel, message));
            pipeline.sync();
          }
        });
  }

  private void announce(AudienceChange first, List<byte[]> messages, Runnable send) {
    announcer.execute(new Announcement(messages, () -> publish(first, messages, send)));
  }

  private void publish(AudienceChange first, List<byte[]> messages, Runnable send) {
    try {
      send.run();
      if (failing.compareAndSet(true, false)) {
        log.info("Redis at {} answers again; audience changes are announced", redis.describe());
      }
    } catch (RuntimeException e) {
      dropped.addAndGet(messages.size());
      if (failing.compareAndSet(false, true)) {
        log.warn(
            "Cannot announce audience changes on Redis at {}; dropping them until it answers"
                + " (other instances may miss them): {} {} dropped: {}",
            redis.describe(),
            first.type(),
            first.uploadId(),
            e.getMessage());
      } else {
        log.debug("Dropped {} of {}: {}", first.type(), first.uploadId(), e.getMessage());
      }
    }
  }

  /** How many changes could not be announced, for metrics. */
  public long droppedChanges() {
    return dropped.get();
  }

  /** Publishes what is still queued (for at most the timeout), then closes the pool. */
  @Override
  public void close() {
    announcer.shutdown();
    try {
      announcer.awaitTermination(redis.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
  }
}
