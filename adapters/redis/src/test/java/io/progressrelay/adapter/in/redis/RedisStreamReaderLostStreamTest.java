package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.ThrowawayRedis;
import io.progressrelay.domain.Position;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that keeps nothing (a server of the test's own) restarts empty: the stream and the entry
 * the reader had reached are gone. The reader reports the loss once and reads what is written next.
 */
class RedisStreamReaderLostStreamTest {
  private final ThrowawayRedis redis = ThrowawayRedis.start();
  private final TestStream stream = new TestStream(redis.settings());
  private final RecordingRelay relay = new RecordingRelay();
  private final RedisStreamReader reader = stream.reader(new RecordingCheckpoints());

  @AfterEach
  void close() {
    reader.close();
    redis.close();
  }

  @Test
  void aStreamLostWithRedisIsReportedOnceAndNewEntriesAreRead() {
    reader.start(relay, new RecordingChanges());
    await().until(reader::isConnected);
    stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 10));
    await().until(() -> relay.count() == 1);

    redis.stop();
    await().until(() -> !reader.isConnected());
    redis.restart();
    await().atMost(Duration.ofSeconds(10)).until(reader::isConnected);
    Position after =
        stream.add(stream.channels.upload("u1"), TestStream.event("upload_progress", 20));

    await().until(() -> relay.count() == 2);
    assertThat(relay.events().get(1).position()).contains(after);
    assertThat(reader.stats().trimmedGaps()).isEqualTo(1);
  }
}
