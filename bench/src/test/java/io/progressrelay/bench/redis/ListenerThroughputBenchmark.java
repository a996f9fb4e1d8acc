package io.progressrelay.bench.redis;

import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.in.redis.RedisProgressListener;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.application.port.in.relay.ApplyAudienceChangeUseCase;
import io.progressrelay.domain.AudienceChange;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Jedis;

/**
 * Compares the Redis listener with a bare Jedis subscriber that only counts, on 100,000 small
 * messages; run only when named (see docs/redis.md), since surefire's default includes skip names
 * ending in Benchmark.
 */
class ListenerThroughputBenchmark {
  private static final int MESSAGES = 100_000;
  private static final int ROUNDS = 5;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @Test
  void listenerAgainstABareSubscriber() throws Exception {
    List<Measurement> bare = new ArrayList<>();
    List<Measurement> listener = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) { // round 0 warms up both
      Measurement b = measure(BareSubscriber::new);
      Measurement l = measure(ListenerSubscriber::new);
      if (round > 0) {
        bare.add(b);
        listener.add(l);
      }
    }
    Measurement b = median(bare);
    Measurement l = median(listener);
    System.out.printf(
        "%,d messages, median of %d rounds%n"
            + "bare Jedis: %,.0f msg/s, %.0f ns CPU/msg on the subscriber thread%n"
            + "listener:   %,.0f msg/s, %.0f ns CPU/msg on the subscriber thread%n"
            + "ratio listener/bare: throughput %.2f, CPU per message %.2f%n",
        MESSAGES,
        ROUNDS,
        b.perSecond(),
        b.cpuNanosPerMessage(),
        l.perSecond(),
        l.cpuNanosPerMessage(),
        l.perSecond() / b.perSecond(),
        l.cpuNanosPerMessage() / b.cpuNanosPerMessage());
  }

  private static Measurement measure(Supplier<Subscriber> factory) throws Exception {
    TestChannels channels = TestChannels.unique();
    try (Subscriber subscriber = factory.get()) {
      subscriber.start(channels);
      byte[] channel = channels.upload("u1").getBytes(StandardCharsets.UTF_8);
      long cpuBefore = THREADS.getThreadCpuTime(subscriber.threadId());
      long started = System.nanoTime();
      try (Jedis jedis = connect()) {
        var pipeline = jedis.pipelined();
        for (int i = 0; i < MESSAGES; i++) {
          pipeline.publish(channel, message(i));
        }
        pipeline.sync();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> subscriber.received() == MESSAGES);
      long elapsed = System.nanoTime() - started;
      long cpu = THREADS.getThreadCpuTime(subscriber.threadId()) - cpuBefore;
      return new Measurement(MESSAGES * 1e9 / elapsed, (double) cpu / MESSAGES);
    }
  }

  // RedisSettings.connect is the adapter's own; a plain connection to the test server does here.
  private static Jedis connect() {
    return new Jedis(TestRedis.settings().url());
  }

  private static byte[] message(int i) {
    return ("{\"action\":\"upload_progress\",\"payload\":{\"upload_id\":\"u1\",\"progress_percent\":"
            + (i % 100)
            + "},\"timestamp\":\"2026-11-26T14:03:22.418211\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Measurement median(List<Measurement> measurements) {
    List<Measurement> sorted = new ArrayList<>(measurements);
    Collections.sort(sorted, (a, b) -> Double.compare(a.perSecond(), b.perSecond()));
    return sorted.get(sorted.size() / 2);
  }

  private record Measurement(double perSecond, double cpuNanosPerMessage) {}

  private interface Subscriber extends AutoCloseable {
    void start(TestChannels channels) throws Exception;

    long received();

    long threadId();

    @Override
    void close() throws Exception;
  }

  private static final class ListenerSubscriber implements Subscriber {
    private final AtomicLong count = new AtomicLong();
    private RedisProgressListener listener;
    private volatile long threadId;

    @Override
    public void start(TestChannels channels) {
      listener =
          new RedisProgressListener(
              TestRedis.settings(), channels.settings(), RedisNodeId.random());
      listener.start(
          event -> {
            threadId = Thread.currentThread().getId();
            count.incrementAndGet();
          },
          new IgnoredChanges());
      await().until(listener::isConnected);
      try (Jedis jedis = connect()) {
        jedis.publish(channels.upload("u1"), "{\"action\":\"warm-up\"}");
      }
      await().until(() -> count.get() == 1);
      count.set(0);
    }

    @Override
    public long received() {
      return count.get();
    }

    @Override
    public long threadId() {
      return threadId;
    }

    @Override
    public void close() {
      listener.close();
    }
  }

  /** The benchmark publishes no audience changes; none should arrive. */
  private static final class IgnoredChanges implements ApplyAudienceChangeUseCase {
    @Override
    public void apply(AudienceChange change) {}

    @Override
    public void resynchronize() {}
  }

  private static final class BareSubscriber extends BinaryJedisPubSub implements Subscriber {
    private final AtomicLong count = new AtomicLong();
    private Thread thread;

    @Override
    public void start(TestChannels channels) {
      byte[] pattern = (channels.uploadPrefix() + "*").getBytes(StandardCharsets.UTF_8);
      thread =
          new Thread(
              () -> {
                try (Jedis jedis = connect()) {
                  jedis.psubscribe(this, pattern);
                }
              });
      thread.start();
      await().until(this::isSubscribed);
    }

    @Override
    public void onPMessage(byte[] pattern, byte[] channel, byte[] message) {
      count.incrementAndGet();
    }

    @Override
    public long received() {
      return count.get();
    }

    @Override
    public long threadId() {
      return thread.getId();
    }

    @Override
    public void close() throws InterruptedException {
      punsubscribe();
      thread.join(2_000);
    }
  }
}
