package io.progressrelay.application.service.fanout;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery threads of one engine, one {@link DeliveryWriter} each, and the rule that shards
 * connections across them: in turn, as they connect. A connection stays on its writer for life, so
 * its writes never race each other, and a socket that stalls costs the others on its shard nothing
 * but the write that found its buffer full. Thread-safe.
 */
final class DeliveryWriters implements AutoCloseable {
  private final DeliveryWriter[] writers;
  private final AtomicInteger nextShard = new AtomicInteger();

  DeliveryWriters(int threads, DeliveryCounters counters) {
    writers = new DeliveryWriter[threads];
    for (int i = 0; i < threads; i++) {
      writers[i] = new DeliveryWriter("fanout-delivery-" + (i + 1), counters);
      writers[i].start();
    }
  }

  /** The writer of the next connection. */
  DeliveryWriter assign() {
    return writers[Math.floorMod(nextShard.getAndIncrement(), writers.length)];
  }

  int size() {
    return writers.length;
  }

  @Override
  public void close() {
    for (DeliveryWriter writer : writers) {
      writer.close();
    }
  }
}
