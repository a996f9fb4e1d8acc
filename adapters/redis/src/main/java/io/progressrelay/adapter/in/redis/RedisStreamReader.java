package io.progressrelay.adapter.in.redis;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.RedisSettings;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.Position;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntryBinary;

/**
 * Reads upload workers' events, and the instances' audience changes written among them, from one
 * Redis stream on one dedicated daemon thread ({@code redis-stream-reader}) with {@code XREAD
 * BLOCK} and no consumer group, so every instance reads every entry, and hands each to {@link
 * RelayEventUseCase} (or {@link ApplyAudienceChangeUseCase}) in stream order, an event with its
 * entry id as its position. It starts after the stored checkpoint, or {@link
 * RedisStreamSettings#startBack} before the server's clock when there is none; after a lost
 * connection it reconnects with backoff and goes on after the last entry it read, so entries
 * written meanwhile are read as long as the stream still holds them (a gap left by trimming is
 * logged and counted). Thread-safe: every public method but {@link #start} may be called from any
 * thread.
 */
public final class RedisStreamReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisStreamReader.class);
  private static final Duration GRACEFUL_STOP = Duration.ofSeconds(1);
  private static final long TRIM_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final RedisSettings redis;
  private final RedisStreamSettings stream;
  private final RedisListenerSettings events;
  private final StreamCheckpoints checkpoints;
  private final RedisNodeId nodeId;
  private final ReconnectBackoff backoff;
  private final StreamCounters counters = new StreamCounters();
  private final OutageLog outages;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private Thread thread; // guarded by this
  private volatile ApplyAudienceChangeUseCase remoteChanges;
  private volatile Jedis session; // the live connection, for close()
  private volatile boolean connected;
  private volatile Position lastHandedOver;
  // Reader thread only.
  private Position readAfter; // the id XREAD continues after: the last entry read, or the start
  private boolean readAfterIsEntry; // false while it is a start computed from the clock
  private Position catchUpTarget; // the stream's last entry when reading began
  private long lastTrimCheckNanos;

  /** A reader that has yet to be {@link #start started}. */
  public RedisStreamReader(
      RedisSettings redis,
      RedisStreamSettings stream,
      RedisListenerSettings events,
      StreamCheckpoints checkpoints,
      RedisNodeId nodeId) {
    this(redis, stream, events, checkpoints, nodeId, ReconnectBackoff.FULL_JITTER);
  }

  /** With the jitter chosen by the caller, so tests can make the reconnect wait predictable. */
  RedisStreamReader(
      RedisSettings redis,
      RedisStreamSettings stream,
      RedisListenerSettings events,
      StreamCheckpoints checkpoints,
      RedisNodeId nodeId,
      LongUnaryOperator jitter) {
    Objects.requireNonNull(redis, "redis");
    this.stream = Objects.requireNonNull(stream, "stream");
    this.events = Objects.requireNonNull(events, "events");
    this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    // Each read waits up to the block for entries, then up to the usual timeout for the answer.
    this.redis = redis.withTimeout(redis.timeout().plus(stream.block()));
    this.backoff = new ReconnectBackoff(events.initialBackoff(), events.maxBackoff(), jitter);
    this.outages = new OutageLog(log, redis.describe(), counters.outages);
  }

  /**
   * Starts the reader thread and returns at once; it loads the checkpoint, connects, and keeps
   * reconnecting. Events go to {@code relay}, the other instances' audience changes (entries of the
   * control channel) to {@code remoteChanges}, both on that thread in stream order. Once only, and
   * not after {@link #close()}.
   */
  public synchronized void start(
      RelayEventUseCase relay, ApplyAudienceChangeUseCase remoteChanges) {
    Objects.requireNonNull(relay, "relay");
    Objects.requireNonNull(remoteChanges, "remoteChanges");
    if (thread != null || closing.getCount() == 0) {
      throw new IllegalStateException("the reader can be started once, and not after close()");
    }
    this.remoteChanges = remoteChanges;
    var handler = new StreamEntryHandler(events, nodeId, relay, remoteChanges, counters);
    thread = new Thread(() -> run(handler), "redis-stream-reader");
    thread.setDaemon(true);
    thread.start();
  }

  /** True while the reader is connected to Redis and reading. */
  public boolean isConnected() {
    return connected;
  }

  /** True once the reader has read the entries the stream held when it began reading. */
  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  /**
   * Waits up to {@code timeout} for the reader to have read the entries the stream held when it
   * began reading (the backlog since its starting point); true when it has.
   */
  public boolean awaitCaughtUp(Duration timeout) {
    try {
      return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The position of the last entry handed to the use case (or dropped as bad); empty before. */
  public Optional<Position> lastHandedOver() {
    return Optional.ofNullable(lastHandedOver);
  }

  /** The stream this reader reads. */
  public String streamKey() {
    return stream.streamKey();
  }

  /** The counts so far, for metrics. */
  public StreamStats stats() {
    return counters.snapshot();
  }

  /** Ends the blocked read, closes the connection and waits (bounded) for the thread to end. */
  @Override
  public void close() {
    Thread reader;
    synchronized (this) {
      closing.countDown();
      reader = thread;
    }
    if (reader == null || reader == Thread.currentThread()) {
      return;
    }
    join(reader, GRACEFUL_STOP); // a read returns within the block
    Jedis live = session;
    if (reader.isAlive() && live != null) {
      disconnect(live);
    }
    join(reader, redis.timeout().plus(GRACEFUL_STOP));
    if (reader.isAlive()) {
      log.warn("The Redis stream reader thread did not stop within {}", redis.timeout());
    }
    connected = false;
  }

  private void run(StreamEntryHandler handler) {
    Optional<Position> checkpoint = loadCheckpoint();
    while (!isClosing()) {
      try (Jedis jedis =
          redis.connectFollowingFailover("progress-relay-stream-" + nodeId.value())) {
        session = jedis;
        var commands = new StreamCommands(jedis, stream.streamKey());
        if (readAfter == null) {
          beginAt(checkpoint, commands, handler);
          handler.readingAfter(readAfter);
          begin(handler);
        }
        if (!isCaughtUp() && catchUpTarget == null) {
          aimAtTheEnd(commands);
        }
        checkNothingTrimmed(commands);
        connected = true;
        backoff.reset();
        outages.connected(
            "Reading stream " + stream.streamKey() + " " + whereReadingGoesOn(),
            "reading stream " + stream.streamKey() + " again " + whereReadingGoesOn());
        readUntilClosed(commands, handler);
      } catch (RuntimeException e) { // JedisConnectionException, mostly
        if (!isClosing()) {
          connected = false;
          outages.lost(e.getMessage());
        }
      } finally {
        outages.connectionClosed();
        connected = false;
        session = null;
      }
      pause();
    }
  }

  private void readUntilClosed(StreamCommands commands, StreamEntryHandler handler) {
    while (!isClosing()) {
      List<StreamEntryBinary> batch =
          commands.readAfter(readAfter, stream.batchSize(), stream.block().toMillis());
      if (batch.isEmpty()) {
        counters.lagMillis = 0;
        caughtUp.countDown(); // waited at the end of the stream
        continue;
      }
      for (StreamEntryBinary entry : batch) {
        Position position = handler.handle(entry);
        readAfter = position;
        readAfterIsEntry = true;
        lastHandedOver = position;
      }
      counters.lagMillis = Math.max(0, System.currentTimeMillis() - readAfter.major());
      if (catchUpTarget == null || !catchUpTarget.isAfter(readAfter)) {
        caughtUp.countDown();
      }
      if (batch.size() == stream.batchSize()
          && System.nanoTime() - lastTrimCheckNanos > TRIM_CHECK_INTERVAL_NANOS) {
        checkNothingTrimmed(commands); // behind: retention may be overtaking the reader
      }
    }
  }

  // After a checkpoint, the entries of the resume window's age before it are read again, but only
  // to rebuild the windows: their events were stored and delivered before.
  private void beginAt(
      Optional<Position> checkpoint, StreamCommands commands, StreamEntryHandler handler) {
    if (checkpoint.isPresent()) {
      readAfter = checkpoint.get();
      // The engine may report "everything before entry X" as the id just before X, no entry.
      readAfterIsEntry = readAfter.minor() != Long.MAX_VALUE;
      long windowMillis = commands.serverMillis() - stream.windowBack().toMillis();
      Position windowStart = Position.streamEntry(Math.max(0, windowMillis), 0).justBefore();
      if (!stream.windowBack().isZero() && readAfter.isAfter(windowStart)) {
        handler.windowOnlyThrough(readAfter);
        readAfter = windowStart;
        readAfterIsEntry = false;
        log.info(
            "Stream {}: resuming after checkpoint {}, rebuilding the resume windows from {}",
            stream.streamKey(),
            checkpoint.get(),
            Instant.ofEpochMilli(Math.max(0, windowMillis)));
        return;
      }
      log.info("Stream {}: resuming after checkpoint {}", stream.streamKey(), readAfter);
    } else {
      long startMillis = commands.serverMillis() - stream.startBack().toMillis();
      readAfter = Position.streamEntry(Math.max(0, startMillis), 0).justBefore();
      readAfterIsEntry = false;
      log.info(
          "Stream {}: no checkpoint, reading from {} ({} back)",
          stream.streamKey(),
          Instant.ofEpochMilli(Math.max(0, startMillis)),
          stream.startBack());
    }
  }

  // Audiences cached before (a request that loaded a route) did not see the changes about to be
  // read; and the control numbers start over.
  private void begin(StreamEntryHandler handler) {
    handler.began();
    resynchronize();
  }

  private void resynchronize() {
    try {
      remoteChanges.resynchronize();
    } catch (RuntimeException e) {
      log.warn("Could not resynchronise audiences: {}", e.getMessage());
    }
  }

  // The backlog to read before the relay counts as caught up: up to the stream's last entry now.
  private void aimAtTheEnd(StreamCommands commands) {
    Optional<Position> last = commands.lastEntry();
    if (last.isEmpty() || !last.get().isAfter(readAfter)) {
      caughtUp.countDown();
      return;
    }
    catchUpTarget = last.get();
    log.info("Stream {}: reading the backlog up to {}", stream.streamKey(), catchUpTarget);
  }

  /**
   * Warns when the last entry read is no longer in the stream and the stream now begins after it:
   * the entries in between, if there were any, were trimmed (MAXLEN/MINID) before this instance
   * read them, or Redis lost them.
   */
  private void checkNothingTrimmed(StreamCommands commands) {
    lastTrimCheckNanos = System.nanoTime();
    if (!readAfterIsEntry || commands.contains(readAfter)) {
      return;
    }
    Optional<Position> first = commands.firstEntry();
    if (first.isPresent() && !first.get().isAfter(readAfter)) {
      return; // the entry was deleted on its own; the stream goes on after it
    }
    counters.trimmedGaps.incrementAndGet();
    readAfterIsEntry = false; // reported once: a reconnection before the next entry says no more
    resynchronize(); // audience changes may have been among the entries lost
    if (first.isEmpty()) {
      log.warn(
          "Stream {} no longer holds entry {} (nor any other): entries written after it may be"
              + " lost (the key deleted or trimmed, or Redis restarted without persistence);"
              + " reading new entries",
          stream.streamKey(),
          readAfter);
      // Whatever the stream holds from now on is new, even with ids below the lost ones (a
      // restarted Redis whose clock is behind).
      readAfter = Position.streamEntry(0, 0);
      return;
    }
    log.warn(
        "Stream {} was trimmed past entry {}, the last this instance read: it now begins at {},"
            + " {} s later, and any entries in between are lost (raise MAXLEN/MINID retention)",
        stream.streamKey(),
        readAfter,
        first.get(),
        String.format(Locale.ROOT, "%.1f", (first.get().major() - readAfter.major()) / 1e3));
  }

  private Optional<Position> loadCheckpoint() {
    boolean failing = false;
    while (!isClosing()) {
      try {
        Optional<Position> checkpoint = checkpoints.load(stream.streamKey());
        if (failing) {
          log.info("Loaded the checkpoint of stream {}", stream.streamKey());
        }
        backoff.reset();
        return checkpoint;
      } catch (RuntimeException e) {
        if (!failing) {
          log.warn(
              "Cannot load the checkpoint of stream {}, retrying: {}",
              stream.streamKey(),
              e.getMessage());
          failing = true;
        }
        pause();
      }
    }
    return Optional.empty();
  }

  private String whereReadingGoesOn() {
    return readAfterIsEntry
        ? "after " + readAfter
        : "from " + Instant.ofEpochMilli(readAfter.major() + 1);
  }

  private void pause() {
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

  private static void disconnect(Jedis jedis) {
    try {
      jedis.getConnection().forceDisconnect();
    } catch (IOException | RuntimeException e) {
      log.debug("Could not close the Redis stream connection: {}", e.getMessage());
    }
  }

  private static void join(Thread thread, Duration wait) {
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
