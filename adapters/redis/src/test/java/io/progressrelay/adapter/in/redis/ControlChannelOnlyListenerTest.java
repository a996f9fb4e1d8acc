package io.progressrelay.adapter.in.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.progressrelay.adapter.out.redis.RedisNodeId;
import io.progressrelay.adapter.out.redis.TestChannels;
import io.progressrelay.adapter.out.redis.TestRedis;
import io.progressrelay.domain.AudienceChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In streams mode the pub/sub listener follows other instances' audience changes and nothing else:
 * events published on the channels are not its to relay.
 */
class ControlChannelOnlyListenerTest {
  private final TestChannels channels = TestChannels.unique();
  private final RecordingRelay relay = new RecordingRelay();
  private final RecordingChanges changes = new RecordingChanges();
  private final RedisProgressListener listener =
      new RedisProgressListener(
          TestRedis.settings(), channels.settings().controlChannelOnly(), RedisNodeId.random());

  @AfterEach
  void close() {
    listener.close();
  }

  @Test
  void appliesAudienceChangesAndIgnoresPublishedEvents() {
    listener.start(relay, changes);
    await().until(listener::isConnected);

    TestChannels.publish(channels.upload("u-1"), "{\"action\":\"upload_progress\",\"payload\":{}}");
    TestChannels.publish(
        channels.controlChannel(),
        "{\"origin\":\"another-instance\",\"type\":\"SUBSCRIBED\",\"uploadId\":\"u-1\","
            + "\"userId\":\"bob\"}");

    await().until(() -> changes.changes().size() == 1);
    assertThat(changes.changes().get(0).type()).isEqualTo(AudienceChange.Type.SUBSCRIBED);
    assertThat(relay.count()).isZero();
    assertThat(listener.stats().received()).isZero();
    assertThat(changes.resynchronizations()).isEqualTo(1);
  }
}
