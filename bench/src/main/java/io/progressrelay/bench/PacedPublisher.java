package io.progressrelay.bench;

import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Publishes on Redis at a steady rate, as upload workers would: each millisecond's share of events
 * goes out in one pipeline, each stamped with its upload's sequence and its send time.
 */
final class PacedPublisher {
  private final Jedis jedis;

  PacedPublisher(String host, int port) {
    this.jedis = new Jedis(host, port);
  }

  /**
   * Publishes {@code perSecond} events for {@code seconds} across {@code uploads}; returns count.
   */
  long publish(String uploadPrefix, int uploads, int perSecond, int seconds, long[] sequences) {
    long total = (long) perSecond * seconds;
    long start = System.nanoTime();
    long sent = 0;
    int next = 0;
    while (sent < total) {
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      long due = Math.min(total, (elapsedMillis + 1) * perSecond / 1000);
      if (due > sent) {
        Pipeline pipeline = jedis.pipelined();
        for (; sent < due; sent++) {
          int upload = next;
          next = (next + 1) % uploads;
          String payload =
              "{\"action\":\"upload_log\",\"payload\":{\"upload_id\":\""
                  + uploadPrefix
                  + upload
                  + "\"},\"s\":"
                  + sequences[upload]++
                  + ",\"t\":"
                  + System.nanoTime()
                  + "}";
          pipeline.publish("upload:" + uploadPrefix + upload, payload);
        }
        pipeline.sync();
      } else {
        LockSupport.parkNanos(200_000);
      }
    }
    return sent;
  }

  void close() {
    jedis.close();
  }
}
