/**
 * JMH microbenchmarks of the relay's hot path: the Redis listener's parse and classify, the
 * engine's routing, the per-recipient enqueue and the coalescing of progress, each in steady state
 * over the in-memory adapters with sockets that never do I/O.
 *
 * <p>Build with {@code mvn -B -q -Pbench -pl bench -am package -DskipTests}, then run {@code java
 * -jar bench/target/progress-relay-bench.jar jmh 'io.progressrelay.bench.jmh' -f 1 -wi 3 -w 1s -i 5
 * -r 1s -prof gc}. Scores are nanoseconds per event; the cost of each extra recipient is {@code
 * (FanOutWidthBenchmark(N) - FanOutWidthBenchmark(1)) / (N - 1)}.
 *
 * <p>The engine queues on the calling thread and writes on its delivery threads, so a score is the
 * listener's side of the hand-over, while the delivery threads write meanwhile; each iteration
 * checks that every event was written or replaced by a newer one. Measured 2026-11-27 on a shared
 * 2-core VM (JDK 17, history off), when the listener still wrote itself: one event from the Redis
 * bytes to one socket about 1.6 µs, from parsed fields about 0.32 µs; each extra recipient about
 * 71-75 ns up to 100 subscribers and about 100 ns at 1000, allocating 104 bytes. With the delivery
 * threads an extra recipient allocates nothing (see docs/performance.md).
 */
package io.progressrelay.bench.jmh;
