package io.progressrelay.adapter.out.redis;

import com.fasterxml.jackson.core.JsonFactory;
import io.progressrelay.adapter.in.redis.ControlMessageCodec;
import io.progressrelay.adapter.in.redis.RedisListenerSettings;
import io.progressrelay.adapter.in.redis.SequenceStamp;
import io.progressrelay.application.port.out.AudienceChangeSink;
import io.progressrelay.domain.AudienceChange;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * Announces committed audience changes to the other relay instances by publishing them, numbered
 * and tagged with this instance's {@link RedisNodeId}, on the control channel, in order, from one
 * background thread ({@code redis-announcer}). In streams mode they are appended to the events'
 * stream instead, as entries of the control channel, so every reader reads them in order with the
 * events written before and after them.
 *
 * <p>Each call returns once Redis has taken its messages (so every listener then connected reads
 * them before any event published later; see docs/redis.md), or once they are known to be lost, or
 * after at most twice the Redis timeout. Up to {@value #BACKLOG} calls may wait for the thread;
 * beyond that their changes are dropped. A change that could not be handed to Redis (Redis refused
 * it or did not answer twice, or the backlog was full) is counted and its number skipped; while
 * Redis refuses, later changes are dropped without trying, and a notice is retried with backoff
 * until Redis takes it, so every listener learns that something was lost and reloads. Thread-safe.
 */
public final class RedisAudienceChangePublisher implements AudienceChangeSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisAudienceChangePublisher.class);
  private static final int POOL_SIZE = 2;
  static final int BACKLOG = 10_000;
  private static final byte[] CHANNEL_FIELD = "channel".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA_FIELD = "data".getBytes(StandardCharsets.US_ASCII);

  private final RedisSettings redis;
  private final RedisNodeId nodeId;
  private final byte[] controlChannel;
  private final byte[] streamKey; // null: PUBLISH on the control channel
  private final ControlMessageCodec codec = new ControlMessageCodec(new JsonFactory());
  private final UnifiedJedis pool;
  private final JedisCluster cluster; // null: one server, PUBLISH; else SPUBLISH
  private final ClusterControlChannels clusterChannels; // null unless on a cluster
  private final int backlog;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean overflowReported = new AtomicBoolean();
  private final AnnouncementNumbers numbers = new AnnouncementNumbers();
  private final ScheduledThreadPoolExecutor announcer;
  private final LossNotices notices;

  /**
   * A publisher on {@code controlChannel}, which must be the listeners' {@link
   * RedisListenerSettings#controlChannel()}; connects lazily, so Redis may be down at start-up.
   */
  public RedisAudienceChangePublisher(
      RedisSettings redis, String controlChannel, RedisNodeId nodeId) {
    this(redis, controlChannel, nodeId, BACKLOG, null, null);
  }

  /**
   * A publisher on a Redis Cluster: {@code SPUBLISH} of every message on the sharded channel {@code
   * controlChannel} and on its copy on every other master ({@link ControlChannelCopies}), so each
   * master carries it ahead of the events published there after the answer (docs/redis.md, "What
   * cluster mode guarantees").
   */
  public static RedisAudienceChangePublisher toShardedChannel(
      RedisClusterSettings cluster, String controlChannel, RedisNodeId nodeId) {
    return new RedisAudienceChangePublisher(
        cluster.redis(), controlChannel, nodeId, BACKLOG, null, cluster);
  }

  /**
   * A publisher that appends to the stream {@code streamKey} (streams mode) entries with the fields
   * {@code channel} ({@code controlChannel}) and {@code data} (the message).
   */
  public static RedisAudienceChangePublisher toStream(
      RedisSettings redis, String controlChannel, RedisNodeId nodeId, String streamKey) {
    return new RedisAudienceChangePublisher(
        redis,
        controlChannel,
        nodeId,
        BACKLOG,
        Objects.requireNonNull(streamKey, "streamKey"),
        null);
  }

  /** With a backlog of the caller's choosing, so a test can fill it. */
  RedisAudienceChangePublisher(
      RedisSettings redis, String controlChannel, RedisNodeId nodeId, int backlog) {
    this(redis, controlChannel, nodeId, backlog, null, null);
  }

  private RedisAudienceChangePublisher(
      RedisSettings redis,
      String controlChannel,
      RedisNodeId nodeId,
      int backlog,
      String streamKey,
      RedisClusterSettings cluster) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.controlChannel =
        Objects.requireNonNull(controlChannel, "controlChannel").getBytes(StandardCharsets.UTF_8);
    this.streamKey = streamKey == null ? null : streamKey.getBytes(StandardCharsets.UTF_8);
    this.backlog = backlog;
    String clientName = "progress-relay-publisher-" + nodeId.value();
    this.cluster = cluster == null ? null : cluster.open(clientName);
    this.clusterChannels =
        cluster == null ? null : new ClusterControlChannels(cluster, controlChannel, clientName);
    this.pool = cluster != null ? this.cluster : RedisPools.open(redis, clientName, POOL_SIZE);
    this.announcer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              var thread = new Thread(runnable, "redis-announcer");
              thread.setDaemon(true);
              return thread;
            });
    announcer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.notices =
        new LossNotices(
            announcer,
            numbers,
            stamp -> send(List.of(codec.encodeNotice(nodeId, stamp))),
            redis.describe());
  }

  /** Announces {@code change}; waits only when it removes access (see the class comment). */
  @Override
  public void changed(AudienceChange change) {
    announce(List.of(change));
  }

  /**
   * Announces {@code changes}, one message each and in order, in one pipeline: together they take
   * one place in the backlog, so a bulk registration neither crowds out other changes nor waits for
   * Redis's answer to each of its messages.
   */
  @Override
  public void changedAll(List<AudienceChange> changes) {
    if (!changes.isEmpty()) {
      announce(List.copyOf(changes));
    }
  }

  /** How many changes could not be announced, for metrics. */
  public long droppedChanges() {
    return dropped.get();
  }

  private void announce(List<AudienceChange> changes) {
    var handedOver = new CompletableFuture<Boolean>();
    if (waiting.incrementAndGet() > backlog) {
      waiting.decrementAndGet();
      lose(changes, "the backlog of " + backlog + " is full");
      return;
    }
    try {
      announcer.execute(
          () -> {
            waiting.decrementAndGet();
            try {
              handedOver.complete(publish(changes));
            } catch (RuntimeException e) { // a bug; never leave a caller waiting for nothing
              handedOver.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      waiting.decrementAndGet();
      lose(changes, "the publisher is closed");
      return;
    }
    awaitHandOver(handedOver, changes.get(0));
  }

  // On the caller's thread: the number is skipped, and a notice will say so.
  private void lose(List<AudienceChange> changes, String why) {
    dropped.addAndGet(changes.size());
    numbers.skip(changes.size());
    if (overflowReported.compareAndSet(false, true)) {
      log.warn(
          "Dropping audience changes (the other instances will be told to reload), first {} of"
              + " {}: {}",
          changes.get(0).type(),
          changes.get(0).uploadId(),
          why);
    }
    try {
      announcer.execute(notices::scheduleIfOwed);
    } catch (RejectedExecutionException e) {
      // Closed while stopping, after the web server: no request is left to report a change.
    }
  }

  private void awaitHandOver(CompletableFuture<Boolean> handedOver, AudienceChange first) {
    Duration limit = redis.timeout().multipliedBy(2);
    try {
      handedOver.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "Answering before {} of {} was announced: not handed to Redis within {}",
          first.type(),
          first.uploadId(),
          limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("Announcing {} of {} failed", first.type(), first.uploadId(), e.getCause());
    }
  }

  // On the announcer thread. True when Redis took every message.
  private boolean publish(List<AudienceChange> changes) {
    if (notices.refusing()) {
      // Redis refused the last attempt: trying each change would hold up the queue for a timeout
      // apiece. The notice being retried tells the others once Redis answers.
      dropped.addAndGet(changes.size());
      numbers.skip(changes.size());
      return false;
    }
    SequenceStamp[] stamps = numbers.next(changes.size());
    List<byte[]> messages = new ArrayList<>(changes.size());
    for (int i = 0; i < stamps.length; i++) {
      messages.add(codec.encode(nodeId, stamps[i], changes.get(i)));
    }
    try {
      sendTwice(messages);
    } catch (RuntimeException e) {
      dropped.addAndGet(changes.size());
      notices.refused(changes.get(0), e);
      return false;
    }
    numbers.handedToRedis(stamps[stamps.length - 1]);
    overflowReported.set(false);
    return true;
  }

  // A pooled connection broken by a Redis restart fails once; the pool then opens a fresh one.
  // Sending twice is harmless: a repeated number is a repeat to the receivers, who skip it.
  private void sendTwice(List<byte[]> messages) {
    try {
      send(messages, false);
    } catch (RuntimeException first) {
      log.debug("Publishing on the control channel failed once, retrying: {}", first.getMessage());
      send(messages, true);
    }
  }

  private void send(List<byte[]> messages) {
    send(messages, false);
  }

  private void send(List<byte[]> messages, boolean retry) {
    if (streamKey != null) {
      append(messages);
      return;
    }
    if (cluster != null) {
      clusterChannels.publish(cluster, messages, retry);
      return;
    }
    if (messages.size() == 1) {
      pool.publish(controlChannel, messages.get(0));
      return;
    }
    try (AbstractPipeline pipeline = pool.pipelined()) {
      messages.forEach(message -> pipeline.publish(controlChannel, message));
      pipeline.sync();
    }
  }

  // Streams mode: no trimming here; the workers' XADDs trim the stream.
  private void append(List<byte[]> messages) {
    if (messages.size() == 1) {
      pool.xadd(streamKey, XAddParams.xAddParams(), entry(messages.get(0)));
      return;
    }
    try (AbstractPipeline pipeline = pool.pipelined()) {
      messages.forEach(
          message -> pipeline.xadd(streamKey, XAddParams.xAddParams(), entry(message)));
      pipeline.sync();
    }
  }

  private Map<byte[], byte[]> entry(byte[] message) {
    Map<byte[], byte[]> fields = new LinkedHashMap<>(4);
    fields.put(CHANNEL_FIELD, controlChannel);
    fields.put(DATA_FIELD, message);
    return fields;
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
    if (clusterChannels != null) {
      clusterChannels.close();
    }
  }
}
