package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Position;
import io.progressrelay.domain.ProgressEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The stream reader loses nothing when its Redis goes away and comes back with the stream (a server
 * of the test's own that persists every write), while a worker keeps adding entries.
 */
class RedisStreamReaderReconnectTest {
  private static final int ENTRIES = 600;

  private final ThrowawayRedis redis = ThrowawayRedis.startPersistent();
  private final TestStream stream = new TestStream(redis.settings());
  private final RecordingRelay relay = new RecordingRelay();
  private final RedisStreamReader reader = stream.reader(new RecordingCheckpoints());
  private final AtomicInteger failedWrites = new AtomicInteger();

  @AfterEach
  void close() {
    reader.close();
    redis.close();
  }

  @Test
  void entriesAddedWhileRedisRestartsAreAllReadInOrder() throws Exception {
    reader.start(relay, new RecordingChanges());
    await().until(reader::isConnected);
    long firstMillis = stream.serverMillis();
    var worker = CompletableFuture.supplyAsync(() -> addEntries(firstMillis));

    await().until(() -> relay.count() >= ENTRIES / 4);
    redis.stop();
    await().until(() -> !reader.isConnected());
    // The outage lasts until the worker has met it a few times, so entries wait to be written.
    await().until(() -> failedWrites.get() >= 3);
    redis.restart();

    List<Position> added = worker.get(60, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> relay.count() >= ENTRIES);
    List<ProgressEvent> events = relay.events();
    assertThat(events).extracting(e -> e.position().orElseThrow()).containsExactlyElementsOf(added);
    assertThat(events)
        .extracting(ProgressEvent::payload)
        .containsExactlyElementsOf(
            added.stream().map(p -> TestStream.event("upload_progress", (int) p.minor())).toList());
    assertThat(reader.stats().outages()).isEqualTo(1);
    assertThat(reader.stats().trimmedGaps()).isZero();
  }

  /**
   * Adds entries with explicit ids ({@code <firstMillis + i / 100>-<i>}), retrying each until Redis
   * has it: an XADD whose answer was lost in the restart may have been applied, which its retry
   * learns from Redis refusing the id as not after the last.
   */
  private List<Position> addEntries(long firstMillis) {
    List<Position> added = new ArrayList<>();
    for (int i = 0; i < ENTRIES; i++) {
      var id = new StreamEntryID(firstMillis + i / 100, i);
      var fields =
          Map.of(
              "channel",
              stream.channels.upload("u" + (i % 5)),
              "data",
              TestStream.event("upload_progress", i));
      while (true) {
        try {
          stream.add(fields, id);
          break;
        } catch (JedisDataException e) {
          if (e.getMessage().contains("equal or smaller")) {
            break; // applied before the restart; its answer was lost
          }
          throw e;
        } catch (JedisException e) {
          failedWrites.incrementAndGet();
          pause(20);
        }
      }
      added.add(Position.streamEntry(id.getTime(), id.getSequence()));
      if (i % 10 == 0) {
        pause(5);
      }
    }
    return added;
  }

  private static void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
