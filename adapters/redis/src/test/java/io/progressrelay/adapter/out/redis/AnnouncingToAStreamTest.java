package io.progressrelay.adapter.out.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.progressrelay.domain.AudienceChange;
import io.progressrelay.domain.UploadId;
import io.progressrelay.domain.UserId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * In streams mode the announcer appends audience changes to the events' stream, as entries of the
 * control channel, and a call returns once Redis has them: an event a worker adds after the answer
 * comes after the change in the stream.
 */
class AnnouncingToAStreamTest {
  private final TestChannels channels = TestChannels.unique();
  private final String stream = channels.controlChannel() + ":events";
  private final RedisNodeId node = RedisNodeId.random();
  private final RedisAudienceChangePublisher announcer =
      RedisAudienceChangePublisher.toStream(
          TestRedis.settings(), channels.controlChannel(), node, stream);

  @AfterEach
  void close() {
    announcer.close();
    try (Jedis jedis = TestRedis.settings().connect()) {
      jedis.del(stream);
    }
  }

  @Test
  void eachChangeIsAnEntryOfTheControlChannelInOrder() {
    announcer.changed(AudienceChange.accessRevoked(new UserId("bob"), new UploadId("u-1")));
    announcer.changedAll(
        List.of(
            AudienceChange.uploadRegistered(new UploadId("u-2")),
            AudienceChange.uploadRegistered(new UploadId("u-3"))));

    try (Jedis jedis = TestRedis.settings().connect()) {
      List<StreamEntry> entries = jedis.xrange(stream, "-", "+");
      assertThat(entries).hasSize(3);
      assertThat(entries)
          .allSatisfy(
              entry -> {
                assertThat(entry.getFields()).containsEntry("channel", channels.controlChannel());
                assertThat(entry.getFields().get("data"))
                    .contains("\"origin\":\"" + node.value() + "\"");
              });
      assertThat(entries.get(0).getFields().get("data")).contains("ACCESS_REVOKED", "u-1", "bob");
      assertThat(entries.get(1).getFields().get("data")).contains("UPLOAD_REGISTERED", "u-2");
      assertThat(entries.get(2).getFields().get("data")).contains("UPLOAD_REGISTERED", "u-3");
    }
  }
}
