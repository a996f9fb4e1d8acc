package io.progressrelay.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.in.web.socket.TestSocket;
import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * Streams mode across a Redis restart mid-upload (a server of the test's own that persists every
 * write): a subscriber receives every event a worker wrote, before, during and after the outage, in
 * order, with none lost, which pub/sub mode cannot promise.
 */
class StreamsModeRedisRestartTest {
  private static final int EVENTS = 300;
  private static final String STREAM = "progress-relay:events";

  private final AtomicInteger failedWrites = new AtomicInteger();
  private final ThrowawayRedis server = ThrowawayRedis.startPersistent();
  private final RelayUnderTest relay =
      RelayUnderTest.onRedis(
          "StreamsModeRedisRestartTest",
          server,
          Map.of("RELAY_INGEST", "streams", "RELAY_STREAM_KEY", STREAM));

  @AfterEach
  void stop() {
    relay.close();
    server.close();
  }

  @Test
  void everyEventWrittenAroundTheRestartReachesTheSubscriberInOrder() throws Exception {
    String upload = "restart-upload";
    String worker = relay.tokenFor("worker", Role.SERVICE);
    assertThat(relay.api.put("/api/uploads/" + upload, worker, "{\"ownerId\":\"owner\"}").status())
        .isEqualTo(201);
    TestSocket socket = relay.v2SocketFor("owner");
    socket.send("{\"action\":\"subscribe_upload\",\"upload_id\":\"" + upload + "\"}");
    assertThat(socket.nextFrame()).contains("\"subscribed\"");
    String channel = relay.redisEnvironment().get("RELAY_REDIS_UPLOAD_PREFIX") + upload;
    long firstMillis = serverMillis();

    var writer = CompletableFuture.runAsync(() -> write(channel, firstMillis));
    List<String> received = new ArrayList<>();
    while (received.size() < EVENTS / 3) {
      received.add(socket.nextFrame());
    }
    server.stop();
    // The outage lasts until the worker has met it a few times, so events wait to be written.
    await().until(() -> failedWrites.get() >= 3);
    server.restart();
    writer.get(60, TimeUnit.SECONDS);
    while (received.size() < EVENTS) {
      received.add(socket.nextFrame());
    }

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      expected.add(step(i));
    }
    assertThat(received).containsExactlyElementsOf(expected);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> relay.api.get("/readyz", null).status() == 200);
    assertThat(relay.api.get("/readyz", null).body()).contains("redis-stream");
    var metrics = PrometheusText.parse(relay.api.get("/metrics", null).body());
    assertThat(metrics.value("relay_redis_stream_entries_total")).isEqualTo(EVENTS);
    assertThat(metrics.value("relay_redis_stream_reconnects_total")).isEqualTo(1);
    assertThat(metrics.value("relay_redis_stream_trimmed_total")).isZero();
    assertThat(metrics.value("relay_redis_stream_connected")).isEqualTo(1);
    assertThat(metrics.has("relay_redis_stream_lag_seconds")).isTrue();
    socket.close();
  }

  // An action the relay does not know: delivered in order, never coalesced.
  private static String step(int i) {
    return "{\"action\":\"upload_step\",\"n\":" + i + "}";
  }

  /**
   * Writes the events with explicit ids, each retried until Redis has it: an XADD whose answer was
   * lost in the restart may have been applied, which its retry learns from Redis refusing the id.
   */
  private void write(String channel, long firstMillis) {
    for (int i = 0; i < EVENTS; i++) {
      var id = new StreamEntryID(firstMillis + i, 0);
      while (true) {
        try (Jedis jedis = server.settings().connect("test-worker")) {
          jedis.xadd(
              STREAM, XAddParams.xAddParams().id(id), Map.of("channel", channel, "data", step(i)));
          break;
        } catch (JedisDataException e) {
          if (e.getMessage().contains("equal or smaller")) {
            break;
          }
          throw e;
        } catch (JedisException e) {
          failedWrites.incrementAndGet();
          sleep(20);
        }
      }
      sleep(5);
    }
  }

  private long serverMillis() {
    try (Jedis jedis = server.settings().connect("test-worker")) {
      var time = jedis.time();
      return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
