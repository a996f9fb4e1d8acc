package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.RedisChannelInterest;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Receives upload workers' events and other instances' audience changes from Redis pub/sub on one
 * dedicated daemon thread ({@code redis-listener}) that blocks in a single {@code PSUBSCRIBE} (or,
 * in interest mode, a {@code SUBSCRIBE} of the control channel and the channels a {@link
 * RedisChannelInterest} holds, changed on the same connection as the engine asks), and hands them
 * to the use cases in publish order. Bad messages are counted and dropped; a lost connection is
 * re-established with exponential backoff and full jitter. Thread-safe: {@link #isConnected()},
 * {@link #stats()} and {@link #close()} may be called from any thread.
 */
public final class RedisProgressListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisProgressListener.class);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(1);

  private final RedisSettings redis;
  private final RedisListenerSettings settings;
  private final RedisNodeId nodeId;
  private final ReconnectBackoff backoff;
  private final ListenerCounters counters = new ListenerCounters();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final OutageLog outages;
  private final RedisChannelInterest interest; // null: pattern mode
  private volatile ApplyAudienceChangeUseCase remoteChanges;
  private Thread thread; // guarded by this
  private volatile ListenerSession session; // the live connection, for close()
  private volatile boolean connected;

  /** A listener that has yet to be {@link #start started}. */
  public RedisProgressListener(
      RedisSettings redis, RedisListenerSettings settings, RedisNodeId nodeId) {
    this(redis, settings, nodeId, ReconnectBackoff.FULL_JITTER, null);
  }

  /**
   * A listener in interest mode: it subscribes to the control channel and to the channels {@code
   * interest} holds, and nothing else (docs/redis.md, "Interest-based subscriptions").
   */
  public RedisProgressListener(
      RedisSettings redis,
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      RedisChannelInterest interest) {
    this(redis, settings, nodeId, ReconnectBackoff.FULL_JITTER, interest);
  }

  /** With the jitter chosen by the caller, so tests can make the reconnect wait predictable. */
  RedisProgressListener(
      RedisSettings redis,
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      LongUnaryOperator jitter) {
    this(redis, settings, nodeId, jitter, null);
  }

  RedisProgressListener(
      RedisSettings redis,
      RedisListenerSettings settings,
      RedisNodeId nodeId,
      LongUnaryOperator jitter,
      RedisChannelInterest interest) {
    this.interest = interest;
    this.redis = Objects.requireNonNull(redis, "redis");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    this.backoff = new ReconnectBackoff(settings.initialBackoff(), settings.maxBackoff(), jitter);
    this.outages = new OutageLog(redis.describe(), counters.outages);
  }

  /**
   * Starts the listener thread and returns at once; it connects, and keeps reconnecting. Events go
   * to {@code events}, other instances' audience changes to {@code remoteChanges}, both on that
   * thread in publish order. Once only, and not after {@link #close()}.
   */
  public synchronized void start(
      RelayEventUseCase events, ApplyAudienceChangeUseCase remoteChanges) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(remoteChanges, "remoteChanges");
    if (thread != null || closing.getCount() == 0) {
      throw new IllegalStateException("the listener can be started once, and not after close()");
    }
    this.remoteChanges = remoteChanges;
    var handler = new PubSubMessageHandler(settings, nodeId, events, remoteChanges, counters);
    thread = new Thread(() -> listen(handler), "redis-listener");
    thread.setDaemon(true);
    thread.start();
  }

  /** True while the listener is connected and subscribed. */
  public boolean isConnected() {
    return connected;
  }

  /** In interest mode, the channels it subscribes to; empty in pattern mode. */
  public Optional<RedisChannelInterest> interest() {
    return Optional.ofNullable(interest);
  }

  /** The counts so far, for metrics. */
  public ListenerStats stats() {
    return counters.snapshot();
  }

  /** Unsubscribes, closes the connection and waits (bounded) for the listener thread to end. */
  @Override
  public void close() {
    Thread listener;
    synchronized (this) {
      closing.countDown();
      listener = thread;
    }
    if (listener == null || listener == Thread.currentThread()) {
      return;
    }
    ListenerSession live = session;
    if (live != null) {
      live.unsubscribe();
    }
    join(listener, GRACEFUL_STOP);
    live = session;
    if (listener.isAlive() && live != null) {
      live.disconnect(); // no answer to the unsubscribe: end the blocked read
    }
    join(listener, redis.timeout().plus(GRACEFUL_STOP));
    if (listener.isAlive()) {
      log.warn("The Redis listener thread did not stop within {}", redis.timeout());
    }
    connected = false;
  }

  private void listen(PubSubMessageHandler handler) {
    byte[][] patterns = bytes(List.of(settings.patterns()));
    while (!isClosing()) {
      try (Jedis jedis =
          redis.connectFollowingFailover("progress-relay-listener-" + nodeId.value())) {
        if (interest == null) {
          var subscriber = new Subscriber(handler, patterns.length);
          session = new ListenerSession(jedis, subscriber, true);
          if (!isClosing()) {
            // Blocks until unsubscribed or the connection drops. Jedis switches this connection to
            // an infinite read timeout (0) while subscribed, so an idle bus never disconnects it.
            jedis.psubscribe(subscriber, patterns);
          }
        } else {
          List<String> channels = new ArrayList<>();
          channels.add(settings.controlChannel());
          channels.addAll(interest.sessionStarting());
          var subscriber = new Subscriber(handler, channels.size());
          session = new ListenerSession(jedis, subscriber, false);
          if (!isClosing()) {
            interest.countFirstCommand();
            jedis.subscribe(subscriber, bytes(channels)); // blocks, as above
          }
        }
        if (!isClosing()) {
          lost("Redis ended the subscription");
        }
      } catch (RuntimeException e) { // JedisConnectionException, mostly
        if (!isClosing()) {
          lost(e.getMessage());
        }
      } finally {
        if (interest != null) {
          interest.sessionEnded();
        }
        outages.connectionClosed();
        connected = false;
        session = null;
      }
      pauseBeforeReconnecting();
    }
  }

  private static byte[][] bytes(List<String> names) {
    return names.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  // Reports connected (and so ready) only once the audiences cached before are dropped: audience
  // changes other instances announced before this subscription (during an outage, or before the
  // first one while a request already loaded a route) were never received. Runs before any message
  // of the new subscription is handled.
  private void subscribed(PubSubMessageHandler handler) {
    backoff.reset();
    outages.subscribed(
        interest == null
            ? Arrays.toString(settings.patterns())
            : settings.controlChannel() + " and " + interest.wantedChannels() + " event channels");
    handler.subscribed();
    try {
      remoteChanges.resynchronize();
    } catch (RuntimeException e) {
      log.warn("Could not resynchronise audiences after subscribing: {}", e.getMessage());
    }
    connected = true;
  }

  private void lost(String reason) {
    connected = false;
    outages.lost(reason);
  }

  private void pauseBeforeReconnecting() {
    if (isClosing()) {
      return;
    }
    try {
      closing.await(backoff.nextDelayMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing.countDown();
    }
  }

  private boolean isClosing() {
    return closing.getCount() == 0;
  }

  private static void join(Thread thread, Duration wait) {
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Jedis's callbacks, on the listener thread. */
  private final class Subscriber extends BinaryJedisPubSub {
    private final PubSubMessageHandler handler;
    private final int firstCount;
    private final byte[] control = settings.controlChannel().getBytes(StandardCharsets.UTF_8);

    /** {@code firstCount}: the patterns, or channels, the connection's first command asks for. */
    Subscriber(PubSubMessageHandler handler, int firstCount) {
      this.handler = handler;
      this.firstCount = firstCount;
    }

    @Override
    public void onPSubscribe(byte[] pattern, int subscribedChannels) {
      if (subscribedChannels == firstCount) {
        subscribed(handler);
      }
    }

    @Override
    public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
      handler.handle(channel, message);
    }

    // Interest mode. The control channel's reply comes first; the first command's last reply
    // completes the subscription, before any later command of the interest thread is sent.
    @Override
    public void onSubscribe(byte[] channel, int subscribedChannels) {
      if (Arrays.equals(channel, control)) {
        interest.sessionOpen(session);
      } else {
        interest.confirmed(channel);
      }
      if (!connected && subscribedChannels == firstCount) {
        subscribed(handler);
      }
    }

    @Override
    public void onUnsubscribe(byte[] channel, int subscribedChannels) {
      if (channel != null && interest != null && !Arrays.equals(channel, control)) {
        interest.unsubscribed(channel);
      }
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
      handler.handle(channel, message);
    }
  }
}
