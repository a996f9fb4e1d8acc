package io.progressrelay.bench.suite;

import io.progressrelay.bench.load.Publisher;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The machine's limit for the same producer with no WebSocket at all: the highest paced rate one
 * plain Jedis pattern subscriber receives in full.
 */
final class BusLimit {

  /** The highest paced rate one plain subscriber received in full, as published and received. */
  record Outcome(double publishedPerSecond, double receivedPerSecond) {}

  static Outcome run(SuiteOptions options, double seconds) throws Exception {
    // A rate sweep like scenario 1's, with no WebSocket: the producer and Redis set the limit.
    var received = new LongAdder();
    var subscribed = new CountDownLatch(1);
    var subscriber =
        new JedisPubSub() {
          @Override
          public void onPMessage(String pattern, String channel, String message) {
            received.increment();
          }

          @Override
          public void onPSubscribe(String pattern, int count) {
            subscribed.countDown();
          }
        };
    var listener =
        new Thread(
            () -> {
              try (var jedis = new Jedis(options.redisHost(), options.redisPort())) {
                jedis.psubscribe(subscriber, "upload:buslimit-*");
              }
            });
    listener.start();
    subscribed.await();
    String[] uploads = new String[1_000];
    for (int i = 0; i < uploads.length; i++) {
      uploads[i] = "buslimit-" + i;
    }
    // Paced, not a blast: Redis disconnects a subscriber whose output buffer overflows.
    double best = 0;
    double bestPublished = 0;
    try (var publisher = new Publisher(options.redisHost(), options.redisPort(), uploads, 0, 330)) {
      publisher.publish(20_000, 1); // warm-up
      Drain.sleep(500);
      for (int rate : new int[] {20_000, 50_000, 100_000, 200_000, 400_000, 800_000}) {
        long before = received.sum();
        long start = System.nanoTime();
        long published = publisher.publish(rate, seconds);
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        Drain.await(() -> received.sum() - before, published, 300, 3_000);
        long got = received.sum() - before;
        Progress.note(
            "bus limit",
            String.format(
                "asked %,d/s: published %,.0f/s, one Jedis subscriber received %,d of %,d",
                rate, published / publishSeconds, got, published));
        if (got < published || published / publishSeconds < rate * 0.95) {
          break;
        }
        best = got / publishSeconds;
        bestPublished = published / publishSeconds;
      }
    } finally {
      subscriber.punsubscribe();
      listener.join(5_000);
    }
    return new Outcome(bestPublished, best);
  }

  private BusLimit() {}
}
