package io.progressrelay.bench.redis;

import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.adapter.in.redis.RedisStreamReader;
import io.progressrelay.adapter.in.redis.RedisStreamSettings;
import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.application.port.in.relay.RelayEventUseCase;
import io.progressrelay.application.port.out.StreamCheckpoints;
import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * Compares the two ways events come in, on 100,000 small events each: the pub/sub listener, the
 * stream reader while the worker adds entries (live), and the stream reader reading entries added
 * before it started (a backlog after a restart). Throughput and CPU per event on the reading
 * thread; run only when named (see docs/redis.md).
 */
class StreamReaderThroughputBenchmark {
  private static final int EVENTS = 100_000;
  private static final int ROUNDS = 5;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void pubSubListenerAgainstTheStreamReader() throws Exception {
    List<Measurement> pubSub = new ArrayList<>();
    List<Measurement> live = new ArrayList<>();
    List<Measurement> backlog = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up
      Measurement p = pubSub();
      Measurement l = streamLive();
      Measurement b = streamBacklog();
      if (round > 0) {
        pubSub.add(p);
        live.add(l);
        backlog.add(b);
      }
    }
    System.out.printf(
        "%,d events, median of %d rounds (events/s, ns CPU per event on the reading thread)%n"
            + "pub/sub listener:       %,10.0f/s %6.0f ns%n"
            + "stream reader, live:    %,10.0f/s %6.0f ns%n"
            + "stream reader, backlog: %,10.0f/s %6.0f ns%n",
        EVENTS,
        ROUNDS,
        median(pubSub).perSecond(),
        median(pubSub).cpuNanos(),
        median(live).perSecond(),
        median(live).cpuNanos(),
        median(backlog).perSecond(),
        median(backlog).cpuNanos());
  }

  private static Measurement pubSub() {
    TestChannels channels = TestChannels.unique();
    var counter = new Counter();
    var listener =
        new RedisProgressListener(TestRedis.settings(), channels.settings(), RedisNodeId.random());
    try {
      listener.start(counter, new IgnoredChanges());
      await().until(listener::isConnected);
      long cpu = counter.cpuOnFirstEvent(() -> publish(channels, 1));
      long started = System.nanoTime();
      publish(channels, EVENTS);
      return counter.measured(EVENTS, started, cpu);
    } finally {
      listener.close();
    }
  }

  private static Measurement streamLive() {
    TestChannels channels = TestChannels.unique();
    String stream = channels.controlChannel() + ":events";
    var counter = new Counter();
    var reader = reader(channels, stream);
    try {
      reader.start(counter, new IgnoredChanges());
      await().until(reader::isConnected);
      long cpu = counter.cpuOnFirstEvent(() -> add(channels, stream, 1));
      long started = System.nanoTime();
      add(channels, stream, EVENTS);
      return counter.measured(EVENTS, started, cpu);
    } finally {
      reader.close();
      delete(stream);
    }
  }

  private static Measurement streamBacklog() {
    TestChannels channels = TestChannels.unique();
    String stream = channels.controlChannel() + ":events";
    add(channels, stream, EVENTS);
    var counter = new Counter();
    var reader = reader(channels, stream);
    try {
      long started = System.nanoTime();
      reader.start(counter, new IgnoredChanges());
      await().atMost(Duration.ofSeconds(120)).until(() -> counter.count.get() == EVENTS);
      long elapsed = System.nanoTime() - started;
      long cpu = THREADS.getThreadCpuTime(counter.threadId);
      return new Measurement(EVENTS * 1e9 / elapsed, (double) cpu / EVENTS);
    } finally {
      reader.close();
      delete(stream);
    }
  }

  private static RedisStreamReader reader(TestChannels channels, String stream) {
    return new RedisStreamReader(
        TestRedis.settings(),
        RedisStreamSettings.defaults().withStreamKey(stream),
        channels.settings(),
        new NoCheckpoints(),
        RedisNodeId.random());
  }

  private static void publish(TestChannels channels, int count) {
    try (Jedis jedis = new Jedis(TestRedis.settings().url())) {
      var pipeline = jedis.pipelined();
      for (int i = 0; i < count; i++) {
        pipeline.publish(channels.upload("u1"), event(i));
      }
      pipeline.sync();
    }
  }

  private static void add(TestChannels channels, String stream, int count) {
    try (Jedis jedis = new Jedis(TestRedis.settings().url())) {
      var pipeline = jedis.pipelined();
      for (int i = 0; i < count; i++) {
        pipeline.xadd(
            stream,
            XAddParams.xAddParams().id(StreamEntryID.NEW_ENTRY),
            Map.of("channel", channels.upload("u1"), "data", event(i)));
      }
      pipeline.sync();
    }
  }

  private static void delete(String stream) {
    try (Jedis jedis = new Jedis(TestRedis.settings().url())) {
      jedis.del(stream);
    }
  }

  private static String event(int i) {
    return "{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\"u1\",\"progress_percent\":"
        + (i % 100)
        + "},\"timestamp\":\"2026-11-26T14:03:22.418211\"}";
  }

  private static Measurement median(List<Measurement> measurements) {
    List<Measurement> sorted = new ArrayList<>(measurements);
    Collections.sort(sorted, (a, b) -> Double.compare(a.perSecond(), b.perSecond()));
    return sorted.get(sorted.size() / 2);
  }

  private record Measurement(double perSecond, double cpuNanos) {}

  /** Counts events and remembers the thread that hands them over. */
  private static final class Counter implements RelayEventUseCase {
    final AtomicLong count = new AtomicLong();
    volatile long threadId;

    @Override
    public void relay(ProgressEvent event) {
      threadId = Thread.currentThread().getId();
      count.incrementAndGet();
    }

    /** Sends one event, waits for it, resets the count; the reading thread's CPU time then. */
    long cpuOnFirstEvent(Runnable send) {
      send.run();
      await().until(() -> count.get() == 1);
      count.set(0);
      return THREADS.getThreadCpuTime(threadId);
    }

    Measurement measured(int events, long startedNanos, long cpuBefore) {
      await().atMost(Duration.ofSeconds(120)).until(() -> count.get() == events);
      long elapsed = System.nanoTime() - startedNanos;
      long cpu = THREADS.getThreadCpuTime(threadId) - cpuBefore;
      return new Measurement(events * 1e9 / elapsed, (double) cpu / events);
    }
  }

  private static final class NoCheckpoints implements StreamCheckpoints {
    @Override
    public Optional<Position> load(String streamKey) {
      return Optional.empty();
    }

    @Override
    public void advance(String streamKey, Position reached) {}
  }

  /** The benchmark publishes no audience changes; none should arrive. */
  private static final class IgnoredChanges implements ApplyAudienceChangeUseCase {
    @Override
    public void apply(AudienceChange change) {}

    @Override
    public void resynchronize() {}
  }
}
