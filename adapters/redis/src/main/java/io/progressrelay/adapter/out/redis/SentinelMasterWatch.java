package io.progressrelay.adapter.out.redis;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Follows one Sentinel's {@code +switch-master} announcements on a daemon thread ({@code
 * redis-sentinel-watch}) and runs a callback once when the master is no longer the server a
 * connection was opened to. A failover by {@code SENTINEL FAILOVER} leaves the old master running
 * as a master for seconds before Sentinel demotes it, so a subscription there would silently miss
 * what workers publish on the new one; the callback ends it instead. Thread-safe.
 */
final class SentinelMasterWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SentinelMasterWatch.class);

  private final RedisSentinels sentinels;
  private final HostAndPort connected;
  private final Runnable onMove;
  private final AtomicBoolean moved = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Jedis sentinel; // the live subscription, for close()

  private SentinelMasterWatch(RedisSentinels sentinels, HostAndPort connected, Runnable onMove) {
    this.sentinels = sentinels;
    this.connected = connected;
    this.onMove = onMove;
  }

  static SentinelMasterWatch start(
      RedisSentinels sentinels, HostAndPort connected, Runnable onMove) {
    var watch =
        new SentinelMasterWatch(
            Objects.requireNonNull(sentinels, "sentinels"),
            Objects.requireNonNull(connected, "connected"),
            Objects.requireNonNull(onMove, "onMove"));
    var thread = new Thread(watch::run, "redis-sentinel-watch");
    thread.setDaemon(true);
    thread.start();
    return watch;
  }

  private void run() {
    int next = 0;
    while (!isDone()) {
      HostAndPort address = sentinels.addresses().get(next++ % sentinels.addresses().size());
      try (Jedis jedis =
          new Jedis(
              address, sentinels.connection().clientConfig("progress-relay-sentinel-watch"))) {
        sentinel = jedis;
        if (!isDone()) {
          jedis.subscribe(new Announcements(), "+switch-master");
        }
      } catch (JedisException e) {
        if (!isDone()) {
          log.debug("Lost the Sentinel at {}: {}", address, e.getMessage());
        }
      } finally {
        sentinel = null;
      }
      pause();
    }
  }

  // Checked once subscribed: a failover that ended before the subscription was missed otherwise.
  private void checkMaster() {
    try {
      HostAndPort master = sentinels.currentMaster();
      if (!master.equals(connected)) {
        moved(master);
      }
    } catch (JedisException e) {
      log.debug("Could not ask Sentinel where the master is: {}", e.getMessage());
    }
  }

  private void moved(HostAndPort master) {
    if (moved.compareAndSet(false, true)) {
      log.info(
          "Sentinel moved master {} from {} to {}; reconnecting",
          sentinels.masterName(),
          connected,
          master);
      onMove.run();
      stopListening();
    }
  }

  private boolean isDone() {
    return moved.get() || closing.getCount() == 0;
  }

  private void pause() {
    if (isDone()) {
      return;
    }
    try {
      closing.await(sentinels.connection().timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  private void stopListening() {
    Jedis live = sentinel;
    if (live != null) {
      try {
        live.getConnection().forceDisconnect();
      } catch (java.io.IOException | RuntimeException e) {
        log.debug("Could not close the Sentinel connection: {}", e.getMessage());
      }
    }
  }

  /** Stops watching; the thread ends soon after. */
  @Override
  public void close() {
    closing.countDown();
    stopListening();
  }

  /** Sentinel's announcements, on the watch thread. */
  private final class Announcements extends JedisPubSub {
    @Override
    public void onSubscribe(String channel, int subscribedChannels) {
      checkMaster();
    }

    // "<master name> <old ip> <old port> <new ip> <new port>"
    @Override
    public void onMessage(String channel, String message) {
      String[] parts = message.split(" ");
      if (parts.length == 5 && parts[0].equals(sentinels.masterName())) {
        try {
          var master = new HostAndPort(parts[3], Integer.parseInt(parts[4]));
          if (!master.equals(connected)) {
            moved(master);
          }
        } catch (NumberFormatException e) {
          log.warn("Ignored a Sentinel announcement without a port: {}", message);
        }
      }
    }
  }
}
